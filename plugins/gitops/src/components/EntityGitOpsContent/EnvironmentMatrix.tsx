import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import {
  CdToolLabel,
  CommitLink,
  DeployedRevision,
  RelativeTime,
  SyncPolicyLabel,
} from '../common';
import { DriftStateLabel, HealthLabel, SyncStatusLabel } from '../status';
import { deploymentAnchor } from './anchors';

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  rowHeader: { whiteSpace: 'nowrap', color: theme.palette.text.secondary },
  cell: { verticalAlign: 'top', minWidth: 180 },
}));

const ROWS: Array<[string, (d: Deployment) => ReactNode]> = [
  ['Drift', d => <DriftStateLabel state={d.drift.state} />],
  ['Running', d => <DeployedRevision deployment={d} />],
  [
    // Only pending commits make Git "ahead"; the newest commit that touched
    // the render inputs may well be older than the deployed SHA.
    'Newest in Git',
    d =>
      d.pendingCommits.length > 0 && d.desiredRevision ? (
        <CommitLink revision={d.desiredRevision} />
      ) : (
        'nothing newer'
      ),
  ],
  [
    'Pending commits',
    d =>
      d.pendingCommits.length === 0
        ? 'none'
        : `${d.pendingCommits.length}${d.pendingTruncated ? '+' : ''}`,
  ],
  ['Sync', d => <SyncStatusLabel status={d.syncStatus} />],
  ['Health', d => <HealthLabel health={d.health} />],
  ['Last synced', d => <RelativeTime at={d.lastSyncedAt} />],
  [
    'CD tool',
    d => (
      <>
        <CdToolLabel kind={d.kind} /> · <SyncPolicyLabel deployment={d} />
      </>
    ),
  ],
];

/**
 * The same service across environments, side by side: one column per
 * deployment, one row per fact, so differences between staging and
 * production stand out.
 */
export function EnvironmentMatrix(props: { deployments: Deployment[] }) {
  const classes = useStyles();
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Deployments by environment">
        <TableHead>
          <TableRow>
            <TableCell>
              <span className="MuiTypography-srOnly">Fact</span>
            </TableCell>
            {props.deployments.map(d => (
              <TableCell key={d.id} scope="col" className={classes.cell}>
                <a href={`#${deploymentAnchor(d.id)}`}>
                  <Typography variant="subtitle2" component="span">
                    {d.environment ?? d.cluster}
                  </Typography>
                </a>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {d.cluster} · {d.name}
                </Typography>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {ROWS.map(([label, render]) => (
            <TableRow key={label}>
              <TableCell
                component="th"
                scope="row"
                className={classes.rowHeader}
              >
                {label}
              </TableCell>
              {props.deployments.map(d => (
                <TableCell key={d.id} className={classes.cell}>
                  {render(d)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
