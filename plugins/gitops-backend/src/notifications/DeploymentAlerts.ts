import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  Deployment,
  DriftState,
} from '@gitops-console/plugin-gitops-common';
import { isLedgerWorthy } from '../ledger/ledgerEventsFor';
import type { DeploymentBuiltListener } from '../views/DeploymentViews';
import type { NotificationSender } from './types';

/** States an owner is told about when they last. */
const ALERTING: ReadonlySet<DriftState> = new Set([
  'failing',
  'out-of-sync',
  'unknown',
]);

export const DEFAULT_ALERT_AFTER_MINUTES = 10;

export interface DeploymentAlertsOptions {
  notifications: NotificationSender;
  /** The entity (for its owner) of a ref the views know. */
  entityOf: (entityRef: string) => Entity | undefined;
  /** How long a state must last before the owners are told. */
  afterMs: number;
  logger: LoggerService;
  /** The app's base URL, for links to the entity page. */
  appBaseUrl?: string;
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
  clearTimer?: (timer: NodeJS.Timeout) => void;
}

interface Watch {
  state: DriftState;
  timer?: NodeJS.Timeout;
  notified: boolean;
  deployment: Deployment;
  entityRefs: string[];
}

/**
 * Tells an entity's owners when one of its deployments has been failing,
 * out of sync or unknown for longer than `afterMs`, and again when it
 * recovers: once per episode, not per watch event. Both notifications
 * share a scope per deployment, so the recovery (or a second replica's
 * copy) updates the same notification rather than adding one.
 */
export class DeploymentAlerts {
  private readonly watches = new Map<string, Watch>();
  private readonly setTimer: (fn: () => void, ms: number) => NodeJS.Timeout;
  private readonly clearTimer: (timer: NodeJS.Timeout) => void;

  constructor(private readonly options: DeploymentAlertsOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? (t => clearTimeout(t));
  }

  readonly onBuilt: DeploymentBuiltListener = (key, _p, next, entityRefs) => {
    if (!isLedgerWorthy(next)) return;
    const refs = [...entityRefs];
    const watch = this.watches.get(key);
    const bad = ALERTING.has(next.drift.state);
    if (bad && !watch) {
      const started: Watch = {
        state: next.drift.state,
        notified: false,
        deployment: next,
        entityRefs: refs,
      };
      started.timer = this.setTimer(
        () => void this.alert(key),
        this.options.afterMs,
      );
      started.timer.unref?.();
      this.watches.set(key, started);
    } else if (bad && watch) {
      watch.state = next.drift.state;
      watch.deployment = next;
      watch.entityRefs = refs;
    } else if (!bad && watch) {
      if (watch.timer) this.clearTimer(watch.timer);
      this.watches.delete(key);
      if (watch.notified) void this.recovered(next, refs);
    }
  };

  stop() {
    for (const watch of this.watches.values()) {
      if (watch.timer) this.clearTimer(watch.timer);
    }
  }

  private async alert(key: string) {
    const watch = this.watches.get(key);
    if (!watch || watch.notified) return;
    watch.timer = undefined;
    watch.notified = true;
    const d = watch.deployment;
    const reason = d.drift.reasons[0]?.message;
    await this.send(watch.entityRefs, {
      title: `${where(d)} has been ${watch.state} for ${humanize(
        this.options.afterMs,
      )}`,
      ...(reason && { description: reason }),
      severity: watch.state === 'failing' ? 'high' : 'normal',
      scope: scopeOf(d),
    });
  }

  private async recovered(d: Deployment, entityRefs: string[]) {
    await this.send(entityRefs, {
      title: `${where(d)} has recovered (${d.drift.state})`,
      severity: 'low',
      scope: scopeOf(d),
    });
  }

  private async send(
    entityRefs: string[],
    payload: Parameters<NotificationSender['send']>[0]['payload'],
  ) {
    for (const entityRef of entityRefs) {
      const owner = this.options.entityOf(entityRef)?.spec?.owner;
      if (typeof owner !== 'string') continue;
      try {
        await this.options.notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            ...payload,
            topic: 'gitops',
            ...(this.options.appBaseUrl && {
              link: entityLink(this.options.appBaseUrl, entityRef),
            }),
          },
        });
      } catch (error) {
        this.options.logger.warn(
          `GitOps: could not notify ${owner}: ${(error as Error).message}`,
        );
      }
    }
  }
}

/** "10 minutes", "1 hour", "30 seconds". */
function humanize(ms: number): string {
  const plural = (value: number, unit: string) =>
    `${value} ${unit}${value === 1 ? '' : 's'}`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) {
    return plural(ms / 3_600_000, 'hour');
  }
  if (ms >= 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.round(ms / 1000), 'second');
}

function where(d: Deployment): string {
  return `${d.name} in ${d.environment ?? d.cluster}`;
}

/** One notification per deployment, updated by repeats. */
function scopeOf(d: Deployment): string {
  return `gitops:deployment:${d.id}`;
}

/** `/catalog/<namespace>/<kind>/<name>/gitops` of the app. */
export function entityLink(appBaseUrl: string, entityRef: string): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `${appBaseUrl.replace(
    /\/$/,
    '',
  )}/catalog/${namespace}/${kind}/${name}/gitops`;
}
