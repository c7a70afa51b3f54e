import type { SignalsService } from '@backstage/plugin-signals-node';
import { GITOPS_SIGNAL_CHANNEL } from '@gitops-console/plugin-gitops-common';
import type { ClusterIndex } from '../cluster/ClusterIndex';

/**
 * Tells open pages that deployments changed, coalescing bursts of watch
 * events (a sync touches a CR several times a second) into one signal.
 */
export function publishChanges(options: {
  index: ClusterIndex;
  signals: SignalsService;
  delayMs?: number;
}): () => void {
  let pending: Array<{
    cluster: string;
    namespace: string;
    name: string;
    kind: string;
  }> = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const changes = pending;
    pending = [];
    void options.signals
      .publish({
        recipients: { type: 'broadcast' },
        channel: GITOPS_SIGNAL_CHANNEL,
        message: { type: 'deployments-changed', changes },
      })
      .catch(() => {
        // Signals are a hint; pages also poll, so a lost one costs little.
      });
  };
  const off = options.index.onChange(change => {
    pending.push({
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      kind: change.kind,
    });
    timer ??= setTimeout(flush, options.delayMs ?? 500);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}
