import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  fact: { margin: 0, minWidth: 0 },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

/** One labelled fact of a deployment; render inside a `<dl>`. */
export function DeploymentFact(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.fact}>
      <Typography variant="caption" component="dt" className={classes.term}>
        {props.label}
      </Typography>
      <Typography variant="body2" component="dd" className={classes.value}>
        {props.children}
      </Typography>
    </div>
  );
}
