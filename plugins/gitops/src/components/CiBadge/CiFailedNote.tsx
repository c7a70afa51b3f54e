import type { CommitSummary } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(
  theme => ({
    note: {
      display: 'block',
      fontWeight: theme.typography.fontWeightMedium as number,
      color: theme.palette.status?.error ?? theme.palette.error.main,
    },
  }),
  { name: 'GitOpsCiFailedNote' },
);

/**
 * The mark on a pending commit whose CI failed, in words, so an owner sees
 * why it is not worth promoting without reading the icon.
 */
export function CiFailedNote(props: { commit: CommitSummary }) {
  const classes = useStyles();
  if (props.commit.ci?.state !== 'failure') return null;
  return (
    <Typography variant="caption" component="span" className={classes.note}>
      CI failed on this commit: not worth promoting until it passes.
    </Typography>
  );
}
