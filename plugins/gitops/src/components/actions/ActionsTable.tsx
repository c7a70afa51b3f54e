import type {
  ActionRecordResponse,
  Deployment,
} from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { environmentOf, RelativeTime } from '../common';
import { describeAction, requesterName } from './actionPresentation';
import { ActionResultLink } from './ActionProgress';
import { ActionStatusLabel } from './ActionStatusLabel';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  reason: { overflowWrap: 'anywhere', maxWidth: 360 },
});

function ActionRow(props: {
  record: ActionRecordResponse;
  deployment?: Deployment;
}) {
  const classes = useStyles();
  const r = props.record;
  return (
    <TableRow>
      <TableCell>
        <RelativeTime at={r.createdAt} />
      </TableCell>
      <TableCell title={r.requestedBy}>
        {requesterName(r.requestedBy)}
      </TableCell>
      <TableCell>
        {describeAction(r)}
        <Typography variant="caption" color="textSecondary" display="block">
          {props.deployment ? environmentOf(props.deployment) : r.deploymentId}
        </Typography>
      </TableCell>
      <TableCell className={classes.reason}>{r.reason || '—'}</TableCell>
      <TableCell>
        <ActionStatusLabel status={r.status} />
        {r.status === 'failed' && r.error && (
          <Typography variant="caption" color="error" display="block">
            {r.error}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <ActionResultLink record={r} />
      </TableCell>
    </TableRow>
  );
}

/** The entity's actions, newest first: when, who, what, why, status, link. */
export function ActionsTable(props: {
  records: ActionRecordResponse[];
  deployments: Deployment[];
}) {
  const classes = useStyles();
  const byId = new Map(props.deployments.map(d => [d.id, d]));
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Actions">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>What</TableCell>
            <TableCell>Why</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Link</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.records.map(r => (
            <ActionRow
              key={r.id}
              record={r}
              deployment={byId.get(r.deploymentId)}
            />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
