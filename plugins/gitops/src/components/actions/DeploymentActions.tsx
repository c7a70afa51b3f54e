import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { makeStyles } from '@material-ui/core/styles';
import { rollbackTargets } from './rollbackTargets';
import { ClusterActionButtons } from './ClusterActionButtons';
import { GitActionButton } from './GitActionButton';
import { useEntityActionsContext } from './EntityActionsContext';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

/**
 * A deployment's own actions: the CD tool's buttons and a rollback whose
 * target is chosen from the history.
 */
export function DeploymentActions(props: { deployment: Deployment }) {
  const classes = useStyles();
  const context = useEntityActionsContext();
  if (!context) return null;
  const d = props.deployment;
  return (
    <div
      role="group"
      aria-label={`Actions on ${d.name}`}
      className={classes.bar}
    >
      <ClusterActionButtons deployment={d} />
      {rollbackTargets(d).length > 0 && (
        <GitActionButton deployment={d} type="rollback" label="Roll back…" />
      )}
    </div>
  );
}

/** The buttons of one history entry or pending commit. */
export function CommitActions(props: {
  deployment?: Deployment;
  sha?: string;
  /** Offer "Roll back to this" (history entries other than the running one). */
  rollback?: boolean;
}) {
  const { deployment: d, sha } = props;
  const context = useEntityActionsContext();
  if (!context || !d || !sha) return null;
  return (
    <span style={{ display: 'inline-flex', gap: 8, marginTop: 4 }}>
      {props.rollback && (
        <GitActionButton deployment={d} type="rollback" revision={sha} />
      )}
      <GitActionButton deployment={d} type="revert-commit" revision={sha} />
    </span>
  );
}
