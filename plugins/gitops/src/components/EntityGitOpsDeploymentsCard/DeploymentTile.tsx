import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CdToolLabel,
  ClampedText,
  DeployedRevision,
  DeploymentFact,
  RelativeTime,
  revisionLabel,
  SyncPolicyLabel,
} from '../common';
import { DriftStateLabel, HealthLabel, SyncStatusLabel } from '../status';
import { DeploymentProblem } from './DeploymentProblem';
import { DriftReasonLine } from './DriftReasonLine';

const useStyles = makeStyles(theme => ({
  tile: { padding: theme.spacing(2), height: '100%' },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))',
    gap: theme.spacing(1.5),
    margin: theme.spacing(1.5, 0, 0),
  },
  revision: { gridColumn: '1 / -1' },
  title: { minWidth: 0 },
}));

/** One deployment of an entity at a glance: what runs, and how it relates to Git. */
export function DeploymentTile(props: { deployment: Deployment }) {
  const d = props.deployment;
  const classes = useStyles();
  const title = d.environment ?? d.cluster;
  return (
    <Paper
      variant="outlined"
      component="section"
      className={classes.tile}
      aria-label={`${title} deployment`}
    >
      <div className={classes.header}>
        <Typography variant="h6" component="h3" className={classes.title}>
          <ClampedText text={title} lines={1} />
        </Typography>
        <DriftStateLabel state={d.drift.state} />
      </div>
      <Typography variant="caption" color="textSecondary" component="div">
        <ClampedText
          text={`${d.cluster} · ${d.namespace}/${d.name}`}
          lines={1}
        />
      </Typography>
      <DeploymentProblem deployment={d} />
      <DriftReasonLine deployment={d} />
      <dl className={classes.facts}>
        <div className={classes.revision}>
          <DeploymentFact label={revisionLabel(d)}>
            <DeployedRevision deployment={d} />
          </DeploymentFact>
        </div>
        <DeploymentFact label="Sync">
          <SyncStatusLabel status={d.syncStatus} />
        </DeploymentFact>
        <DeploymentFact label="Health">
          <HealthLabel health={d.health} />
        </DeploymentFact>
        <DeploymentFact label="Last synced">
          <RelativeTime at={d.lastSyncedAt} />
        </DeploymentFact>
        <DeploymentFact label="CD tool">
          <CdToolLabel kind={d.kind} /> · <SyncPolicyLabel deployment={d} />
        </DeploymentFact>
      </dl>
    </Paper>
  );
}
