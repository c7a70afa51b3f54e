import { useApi } from '@backstage/core-plugin-api';
import type {
  LedgerEvent,
  MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../../api/GitOpsApi';

const DAY = 86_400_000;
/** Enough for a busy service over 90 days; the chart says what it read. */
const LEDGER_PAGE = 500;
const MAX_LEDGER_PAGES = 10;

/** The entity's metrics and the ledger events of the window, for the chart. */
export function useDeliveryData(
  entityRef: string,
  windowDays: MetricWindowDays,
) {
  const api = useApi(gitopsApiRef);
  const metrics = useAsync(
    () => api.getEntityMetrics(entityRef, windowDays),
    [api, entityRef, windowDays],
  );
  const ledger = useAsync(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - windowDays * DAY);
    const events: LedgerEvent[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LEDGER_PAGES; page++) {
      const answer = await api.getEntityLedger(entityRef, {
        from: from.toISOString(),
        to: to.toISOString(),
        limit: LEDGER_PAGE,
        cursor,
      });
      events.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return { events, from, to, truncated: !!cursor };
  }, [api, entityRef, windowDays]);
  return { metrics, ledger };
}
