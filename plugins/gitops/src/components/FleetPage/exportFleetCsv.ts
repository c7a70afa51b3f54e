import type {
  FleetDeployment,
  FleetQuery,
} from '@gitops-console/plugin-gitops-common';
import type { GitOpsApi } from '../../api/GitOpsApi';
import { fleetToCsv } from './fleetCsv';

/** The largest page the backend serves. */
const PAGE = 500;

/**
 * Every deployment of the current view (filters, search and sort; all
 * pages, not only the one shown), as CSV.
 */
export async function fetchFleetCsv(
  api: GitOpsApi,
  query: FleetQuery,
): Promise<string> {
  const items: FleetDeployment[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.queryFleet({ ...query, limit: PAGE, offset });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.totalItems) break;
  }
  return fleetToCsv(items);
}

/** Hands a CSV to the browser as a download. */
export function downloadCsv(csv: string, filename: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
