import { useApi } from '@backstage/core-plugin-api';
import type {
  Deployment,
  EntityHistoryResponse,
  HistoryEntry,
} from '@gitops-console/plugin-gitops-common';
import { useCallback, useRef, useState } from 'react';
import { gitopsApiRef } from '../../api/GitOpsApi';

type HistoryItem = EntityHistoryResponse['items'][number];

const PAGE = 100;
/** Pages read per click at most, when other deployments fill the pages. */
const MAX_PAGES_PER_LOAD = 20;

const keyOf = (e: HistoryEntry) => `${e.revision}|${e.deployedAt ?? ''}`;

/**
 * One deployment's history beyond what its CR holds, paged back on demand
 * through the entity history endpoint (whose older entries come from the
 * ledger). The endpoint pages the entity's deployments together, so a load
 * reads on until it finds entries of this deployment or the end.
 */
export function useOlderHistory(entityRef: string, deployment: Deployment) {
  const api = useApi(gitopsApiRef);
  const [older, setOlder] = useState<HistoryEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error>();
  const [done, setDone] = useState(false);
  const cursor = useRef<string | undefined>(undefined);
  const known = useRef(new Set<string>());

  const loadOlder = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    for (const e of deployment.history) known.current.add(keyOf(e));
    try {
      const found: HistoryItem[] = [];
      let end = false;
      for (let page = 0; page < MAX_PAGES_PER_LOAD; page++) {
        const answer = await api.getEntityHistory(entityRef, {
          limit: PAGE,
          cursor: cursor.current,
        });
        for (const item of answer.items) {
          if (item.deploymentId !== deployment.id) continue;
          if (known.current.has(keyOf(item))) continue;
          known.current.add(keyOf(item));
          found.push(item);
        }
        cursor.current = answer.nextCursor;
        if (!answer.nextCursor) {
          end = true;
          break;
        }
        if (found.length > 0) break;
      }
      setOlder(previous => [...previous, ...found]);
      setDone(end);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  }, [api, entityRef, deployment]);

  return { older, loading, error, done, loadOlder };
}
