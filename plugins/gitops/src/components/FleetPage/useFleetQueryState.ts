import type { FleetQuery } from '@gitops-console/plugin-gitops-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readFleetQuery, writeFleetQuery } from './fleetSearchParams';

/**
 * The fleet query, kept in the page URL. Any change other than paging goes
 * back to the first page.
 */
export function useFleetQueryState(): [
  FleetQuery,
  (patch: Partial<FleetQuery>) => void,
] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const query = useMemo(() => readFleetQuery(params), [key]);
  const update = useCallback(
    (patch: Partial<FleetQuery>) => {
      const next = { ...query, ...patch };
      if (patch.offset === undefined) next.offset = 0;
      setParams(writeFleetQuery(next), { replace: true });
    },
    [query, setParams],
  );
  return [query, update];
}
