import {
  DRIFT_STATES,
  type DriftState,
  type FleetQuery,
} from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef, useState } from 'react';
import { TOOL_NAMES } from '../common';
import { DRIFT_STATE_PRESENTATION } from '../status';
import {
  FleetFilterKey,
  HEALTH_STATUSES,
  TOOLS,
  hasFilters,
} from './fleetSearchParams';
import type {
  FleetFilterChoice,
  FleetFilterOptions,
} from './useFleetFilterOptions';

type Option = { value: string; label: string; count?: number };

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    padding: theme.spacing(2),
  },
  select: { minWidth: 150, maxWidth: 240 },
  search: { minWidth: 220, flexGrow: 1 },
}));

const SEARCH_DELAY_MS = 300;

function MultiSelect(props: {
  id: string;
  label: string;
  values: string[];
  options: Option[];
  onChange: (values: string[]) => void;
}) {
  const classes = useStyles();
  const labels = new Map(props.options.map(o => [o.value, o.label]));
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      className={classes.select}
      value={props.values}
      onChange={e => props.onChange(e.target.value as unknown as string[])}
      SelectProps={{
        multiple: true,
        renderValue: selected =>
          (selected as string[]).map(v => labels.get(v) ?? v).join(', ') ||
          'All',
        displayEmpty: true,
      }}
      InputLabelProps={{ shrink: true }}
    >
      {props.options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
          {o.count !== undefined && ` (${o.count})`}
        </MenuItem>
      ))}
    </TextField>
  );
}

const plain = (choices: FleetFilterChoice[]): Option[] =>
  choices.map(c => ({ value: c.value, label: c.value, count: c.count }));

/** A fixed list in its own order, with the facet counts when known. */
function fixed(
  values: readonly string[],
  label: (value: string) => string,
  choices: FleetFilterChoice[],
): Option[] {
  const counts = new Map(choices.map(c => [c.value, c.count]));
  return values.map(value => ({
    value,
    label: label(value),
    count: choices.length > 0 ? counts.get(value) ?? 0 : undefined,
  }));
}

/** Filters of the fleet table and its search box. */
export function FleetFilters(props: {
  query: FleetQuery;
  options: FleetFilterOptions;
  onChange: (patch: Partial<FleetQuery>) => void;
}) {
  const classes = useStyles();
  const { query, options, onChange } = props;
  const [search, setSearch] = useState(query.search ?? '');
  const committed = useRef(query.search ?? '');

  // Follow outside changes of the URL (back button, "clear filters") ...
  useEffect(() => {
    if ((query.search ?? '') !== committed.current) {
      committed.current = query.search ?? '';
      setSearch(committed.current);
    }
  }, [query.search]);
  // ... and send typing once it pauses.
  useEffect(() => {
    if (search === committed.current) return undefined;
    const timer = setTimeout(() => {
      committed.current = search;
      onChange({ search: search || undefined });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, onChange]);

  const select = (key: FleetFilterKey, label: string, choices: Option[]) => (
    <MultiSelect
      id={`gitops-fleet-filter-${key}`}
      label={label}
      values={(query[key] as string[] | undefined) ?? []}
      options={choices}
      onChange={values =>
        onChange({ [key]: values.length ? values : undefined })
      }
    />
  );

  return (
    <div
      className={classes.filters}
      role="search"
      aria-label="Filter deployments"
    >
      <TextField
        id="gitops-fleet-search"
        type="search"
        label="Search"
        placeholder="Entity, name, cluster, owner…"
        className={classes.search}
        value={search}
        onChange={e => setSearch(e.target.value)}
        InputLabelProps={{ shrink: true }}
      />
      {select(
        'driftState',
        'Drift state',
        fixed(
          DRIFT_STATES,
          s => DRIFT_STATE_PRESENTATION[s as DriftState].label,
          options.driftState,
        ),
      )}
      {select(
        'health',
        'Health',
        fixed(HEALTH_STATUSES, h => h, options.health),
      )}
      {select('cluster', 'Cluster', plain(options.cluster))}
      {select('environment', 'Environment', plain(options.environment))}
      {select('owner', 'Owner', plain(options.owner))}
      {select('system', 'System', plain(options.system))}
      {select(
        'tool',
        'CD tool',
        fixed(TOOLS, t => TOOL_NAMES[t as 'argocd' | 'flux'], options.tool),
      )}
      {hasFilters(query) && (
        <Button
          onClick={() =>
            onChange({
              driftState: undefined,
              health: undefined,
              cluster: undefined,
              environment: undefined,
              owner: undefined,
              system: undefined,
              tool: undefined,
              search: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
