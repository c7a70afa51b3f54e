import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../common';
import { DRIFT_STATE_PRESENTATION, DriftStateLabel } from '../status';

/** The drift state, the evidence behind it and the resources that differ. */
export function DriftPanel(props: { deployment: Deployment }) {
  const { drift } = props.deployment;
  return (
    <section aria-label="Drift">
      <Typography variant="subtitle1" component="h4">
        Drift
      </Typography>
      <Typography variant="body2" component="div" gutterBottom>
        <DriftStateLabel state={drift.state} />{' '}
        <Typography variant="body2" color="textSecondary" component="span">
          {DRIFT_STATE_PRESENTATION[drift.state]?.description}
        </Typography>
      </Typography>
      {drift.reasons.length > 0 && (
        <ul aria-label="Reasons">
          {drift.reasons.map(r => (
            <li key={`${r.code}:${r.message}`}>
              <Typography variant="body2" component="span">
                {r.message}
              </Typography>
              {r.since && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  component="span"
                >
                  {' '}
                  (since <RelativeTime at={r.since} />)
                </Typography>
              )}
            </li>
          ))}
        </ul>
      )}
      {drift.resources.length > 0 && (
        <>
          <Typography variant="body2" color="textSecondary">
            Resources that differ from Git
          </Typography>
          <Table size="small" aria-label="Resources that differ from Git">
            <TableHead>
              <TableRow>
                <TableCell>Kind</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Health</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {drift.resources.map(r => (
                <TableRow
                  key={`${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${
                    r.name
                  }`}
                >
                  <TableCell>{r.kind}</TableCell>
                  <TableCell>{r.namespace ?? '—'}</TableCell>
                  <TableCell>{r.name}</TableCell>
                  <TableCell>{r.status ?? '—'}</TableCell>
                  <TableCell>{r.health ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
