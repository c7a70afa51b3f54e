import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  GITOPS_FLEET_SIGNAL_CHANNEL,
  type DeploymentsChangedSignal,
} from '@gitops-console/plugin-gitops-common';

const MESSAGE: DeploymentsChangedSignal = { type: 'deployments-changed' };

/**
 * Tells open pages that an answer changed, and only when it did: each
 * entity on its own opaque channel, the fleet on one channel, with bursts
 * coalesced (a sync rewrites a CR several times a second). Messages name
 * nothing; pages refetch with their own credentials.
 */
export function publishViewSignals(options: {
  signals: SignalsService;
  logger: LoggerService;
  channelFor: (entityRef: string) => string;
  subscribe: (listener: (entityRef: string) => void) => () => void;
  entityDelayMs?: number;
  fleetDelayMs?: number;
}): () => void {
  const { signals, logger } = options;
  const pending = new Set<string>();
  let entityTimer: NodeJS.Timeout | undefined;
  let fleetTimer: NodeJS.Timeout | undefined;

  const send = (channel: string) =>
    signals
      .publish({
        recipients: { type: 'broadcast' },
        channel,
        message: MESSAGE as any,
      })
      .catch(error =>
        // Signals are a hint; pages also poll, so a lost one costs little.
        logger.debug(`GitOps: signal not sent: ${error}`),
      );

  const flushEntities = () => {
    entityTimer = undefined;
    const refs = [...pending];
    pending.clear();
    for (const ref of refs) void send(options.channelFor(ref));
  };
  const flushFleet = () => {
    fleetTimer = undefined;
    void send(GITOPS_FLEET_SIGNAL_CHANNEL);
  };

  const off = options.subscribe(entityRef => {
    pending.add(entityRef);
    entityTimer ??= setTimeout(flushEntities, options.entityDelayMs ?? 250);
    fleetTimer ??= setTimeout(flushFleet, options.fleetDelayMs ?? 1000);
  });
  return () => {
    off();
    clearTimeout(entityTimer);
    clearTimeout(fleetTimer);
  };
}
