import { Link } from '@backstage/core-components';
import type { CommitCiStatus } from '@gitops-console/plugin-gitops-common';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Cancel from '@material-ui/icons/Cancel';
import Schedule from '@material-ui/icons/Schedule';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import type { ComponentType } from 'react';

type CiState = CommitCiStatus['state'];

const PRESENTATION: Record<
  CiState,
  { label: string; icon: ComponentType<SvgIconProps> }
> = {
  success: { label: 'CI passed', icon: CheckCircle },
  failure: { label: 'CI failed', icon: Cancel },
  pending: { label: 'CI running', icon: Schedule },
  none: { label: 'No CI reported', icon: RemoveCircleOutline },
};

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'inline-flex',
      verticalAlign: 'text-bottom',
      marginLeft: theme.spacing(0.5),
    },
    icon: { fontSize: '1.1em' },
    success: { color: theme.palette.status?.ok ?? theme.palette.success.main },
    failure: {
      color: theme.palette.status?.error ?? theme.palette.error.main,
    },
    pending: {
      color: theme.palette.status?.warning ?? theme.palette.warning.main,
    },
    none: { color: theme.palette.text.secondary },
  }),
  { name: 'GitOpsCiBadge' },
);

/** "CI failed (3 checks)": the words a screen reader and the tooltip give. */
export function ciLabel(ci: CommitCiStatus): string {
  const { label } = PRESENTATION[ci.state];
  if (ci.state === 'none' || ci.count <= 0) return label;
  return `${label} (${ci.count} check${ci.count === 1 ? '' : 's'})`;
}

/**
 * A commit's combined CI state as an icon with an accessible name, linking
 * to the failing (else the first) status or check run when there is one.
 * Nothing is shown for commits whose host reports no CI (plain Git).
 */
export function CiBadge(props: { ci?: CommitCiStatus }) {
  const classes = useStyles();
  const ci = props.ci;
  if (!ci) return null;
  const { icon: Icon } = PRESENTATION[ci.state];
  const label = ciLabel(ci);
  const icon = (
    <Icon
      aria-hidden="true"
      className={`${classes.icon} ${classes[ci.state]}`}
    />
  );
  return (
    <Tooltip title={label}>
      {ci.url ? (
        <Link to={ci.url} aria-label={label} className={classes.root}>
          {icon}
        </Link>
      ) : (
        <span role="img" aria-label={label} className={classes.root}>
          {icon}
        </span>
      )}
    </Tooltip>
  );
}
