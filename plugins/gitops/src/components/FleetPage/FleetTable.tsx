import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  FleetDeployment,
  FleetQuery,
  FleetSortField,
} from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { CdToolLabel, CommitLink, RelativeTime } from '../common';
import { DriftStateLabel, HealthLabel } from '../status';
import { PAGE_SIZES } from './fleetSearchParams';

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  // Short values stay on one line; the table scrolls sideways instead.
  cell: { whiteSpace: 'nowrap' },
  reason: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    whiteSpace: 'normal',
    color: theme.palette.text.secondary,
    minWidth: 200,
    maxWidth: 320,
  },
}));

interface Column {
  title: string;
  sort?: FleetSortField;
  render: (
    d: FleetDeployment,
    classes: ReturnType<typeof useStyles>,
  ) => ReactNode;
}

const COLUMNS: Column[] = [
  {
    title: 'Entity',
    sort: 'entity',
    render: d => (
      <EntityRefLink entityRef={d.entityRef} defaultKind="component" />
    ),
  },
  {
    title: 'Environment',
    sort: 'environment',
    render: d => d.environment ?? '—',
  },
  { title: 'Cluster', sort: 'cluster', render: d => d.cluster },
  { title: 'Tool', render: d => <CdToolLabel kind={d.kind} /> },
  {
    title: 'Drift',
    sort: 'driftState',
    render: (d, classes) => (
      <>
        <DriftStateLabel state={d.drift.state} />
        {d.drift.reasons[0] && (
          <Typography
            variant="caption"
            className={classes.reason}
            title={d.drift.reasons.map(r => r.message).join('\n')}
          >
            {d.drift.reasons[0].message}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Health',
    sort: 'health',
    render: d => <HealthLabel health={d.health} />,
  },
  {
    title: 'Revision',
    render: d => (
      <CommitLink
        revision={d.deployedCommit?.sha ?? d.deployedRevision}
        url={d.deployedCommit?.url ?? d.links.commit}
      />
    ),
  },
  {
    title: 'Last synced',
    sort: 'lastSyncedAt',
    render: d => <RelativeTime at={d.lastSyncedAt} />,
  },
  {
    title: 'Owner',
    render: d =>
      d.owner ? <EntityRefLink entityRef={d.owner} defaultKind="group" /> : '—',
  },
  {
    title: 'System',
    render: d =>
      d.system ? (
        <EntityRefLink entityRef={d.system} defaultKind="system" />
      ) : (
        '—'
      ),
  },
];

/**
 * One page of the fleet, sorted and paged by the backend. Sort headers and
 * pagination are buttons, so the table works with the keyboard alone.
 */
export function FleetTable(props: {
  items: FleetDeployment[];
  totalItems: number;
  query: FleetQuery;
  onChange: (patch: Partial<FleetQuery>) => void;
}) {
  const classes = useStyles();
  const { query, onChange } = props;
  const limit = query.limit ?? PAGE_SIZES[0];
  const offset = query.offset ?? 0;

  const sortBy = (field: FleetSortField) =>
    onChange({
      sort: field,
      order: query.sort === field && query.order === 'asc' ? 'desc' : 'asc',
    });

  return (
    <>
      <div className={classes.scroll}>
        <Table size="small" aria-label="Deployments">
          <TableHead>
            <TableRow>
              {COLUMNS.map(c => {
                const active = !!c.sort && query.sort === c.sort;
                return (
                  <TableCell
                    key={c.title}
                    className={classes.cell}
                    sortDirection={active ? query.order : false}
                  >
                    {c.sort ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? query.order : 'asc'}
                        onClick={() => sortBy(c.sort!)}
                      >
                        {c.title}
                      </TableSortLabel>
                    ) : (
                      c.title
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.items.map(d => (
              <TableRow key={`${d.entityRef}:${d.id}`} hover>
                {COLUMNS.map(c => (
                  <TableCell key={c.title} className={classes.cell}>
                    {c.render(d, classes)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <TablePagination
        component="div"
        count={props.totalItems}
        page={Math.floor(offset / limit)}
        rowsPerPage={limit}
        rowsPerPageOptions={[...PAGE_SIZES]}
        onPageChange={(_e, page) => onChange({ offset: page * limit })}
        onRowsPerPageChange={e => onChange({ limit: Number(e.target.value) })}
      />
    </>
  );
}
