import {
  DRIFT_STATES,
  type DriftState,
} from '@gitops-console/plugin-gitops-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DriftStateLabel } from '../status';

const useStyles = makeStyles(theme => ({
  totals: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  total: { width: '100%', height: '100%' },
  button: {
    width: '100%',
    padding: theme.spacing(1.5, 2),
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    borderRadius: theme.shape.borderRadius,
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
    },
  },
  selected: {
    borderColor: theme.palette.primary.main,
    borderWidth: 2,
  },
}));

/**
 * The number of deployments per drift state (over every filter except the
 * drift state itself). Each total is a toggle button for that filter.
 */
export function DriftTotals(props: {
  totals?: Record<DriftState, number>;
  selected: DriftState[];
  onToggle: (state: DriftState) => void;
}) {
  const classes = useStyles();
  return (
    <div
      className={classes.totals}
      role="group"
      aria-label="Totals per drift state"
    >
      {DRIFT_STATES.map(state => {
        const selected = props.selected.includes(state);
        const count = props.totals?.[state];
        return (
          <Paper
            key={state}
            variant="outlined"
            className={`${classes.total} ${selected ? classes.selected : ''}`}
          >
            <ButtonBase
              className={classes.button}
              aria-pressed={selected}
              onClick={() => props.onToggle(state)}
            >
              <Typography variant="h4" component="span">
                {count ?? '–'}
              </Typography>
              <DriftStateLabel state={state} />
            </ButtonBase>
          </Paper>
        );
      })}
    </div>
  );
}
