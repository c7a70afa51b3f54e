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
  wrapCell: { whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: 120 },
  secondary: { display: 'block', color: theme.palette.text.secondary },
  reason: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    whiteSpace: 'normal',
    color: theme.palette.text.secondary,
    minWidth: 160,
    maxWidth: 220,
  },
}));

interface Column {
  title: string;
  /** Long values wrap instead of widening the table. */
  wrap?: boolean;
  sort?: FleetSortField;
  render: (
    d: FleetDeployment,
    classes: ReturnType<typeof useStyles>,
  ) => ReactNode;
}

// Secondary facts sit under the main one (cluster under environment, time
// under revision), so the table fits a laptop screen beside the sidebar.
const COLUMNS: Column[] = [
  {
    title: 'Entity',
    sort: 'entity',
    render: (d, classes) => (
      <>
        <EntityRefLink entityRef={d.entityRef} defaultKind="component" />
        <Typography variant="caption" className={classes.secondary}>
          <CdToolLabel kind={d.kind} /> · {d.name}
        </Typography>
      </>
    ),
  },
  {
    title: 'Environment',
    sort: 'environment',
    render: (d, classes) => (
      <>
        {d.environment ?? '—'}
        <Typography variant="caption" className={classes.secondary}>
          {d.cluster}
        </Typography>
      </>
    ),
  },
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
    title: 'Last synced',
    sort: 'lastSyncedAt',
    // The time is what people scan for; the revision is the detail.
    render: (d, classes) => (
      <>
        <RelativeTime at={d.lastSyncedAt} />
        <Typography variant="caption" className={classes.secondary}>
          <CommitLink
            revision={d.deployedCommit?.sha || d.deployedRevision}
            url={d.deployedCommit?.url ?? d.links.commit}
          />
        </Typography>
      </>
    ),
  },
  {
    title: 'Owner',
    // The system sits under the owner, and both may wrap, so the column is
    // never pushed out of view on a laptop screen.
    wrap: true,
    render: (d, classes) => (
      <>
        {d.owner ? (
          <EntityRefLink entityRef={d.owner} defaultKind="group" />
        ) : (
          '—'
        )}
        {d.system && (
          <Typography variant="caption" className={classes.secondary}>
            <EntityRefLink entityRef={d.system} defaultKind="system" />
          </Typography>
        )}
      </>
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
                  <TableCell
                    key={c.title}
                    className={c.wrap ? classes.wrapCell : classes.cell}
                  >
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
