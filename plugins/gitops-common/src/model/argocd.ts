import type {
  DriftReason,
  DriftedResource,
  HealthStatus,
  HistoryEntry,
} from './deployment';
import type { SyncFacts } from './drift';

/** @public */
export interface ArgoSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  ref?: string;
}

interface ArgoInitiatedBy {
  username?: string;
  automated?: boolean;
}

/**
 * The fields of an Argo CD `Application` that GitOps Console reads.
 *
 * @public
 */
export interface ArgoApplication {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    project?: string;
    source?: ArgoSource;
    sources?: ArgoSource[];
    syncPolicy?: {
      automated?: { enabled?: boolean; prune?: boolean; selfHeal?: boolean };
    };
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      retryCount?: number;
      startedAt?: string;
      finishedAt?: string;
      operation?: {
        sync?: { dryRun?: boolean; resources?: unknown[] };
        initiatedBy?: ArgoInitiatedBy;
      };
      syncResult?: { revision?: string; revisions?: string[] };
    };
    history?: Array<{
      id?: number;
      revision?: string;
      revisions?: string[];
      deployedAt?: string;
      initiatedBy?: ArgoInitiatedBy;
    }>;
    resources?: Array<{
      group?: string;
      kind: string;
      namespace?: string;
      name: string;
      status?: string;
      health?: { status?: string };
    }>;
    conditions?: Array<{
      type: string;
      message?: string;
      lastTransitionTime?: string;
    }>;
    reconciledAt?: string;
  };
}

const HEALTH: readonly HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];

/** The Application's sources, single or multi. @public */
export function argoSources(app: ArgoApplication): ArgoSource[] {
  if (app.spec?.sources?.length) return app.spec.sources;
  return app.spec?.source ? [app.spec.source] : [];
}

/** Health as Argo CD reports it. @public */
export function argoHealth(app: ArgoApplication): HealthStatus {
  const status = app.status?.health?.status as HealthStatus | undefined;
  return status && HEALTH.includes(status) ? status : 'Unknown';
}

/** `Synced`, `OutOfSync` or `Unknown`. @public */
export function argoSyncStatus(
  app: ArgoApplication,
): 'Synced' | 'OutOfSync' | 'Unknown' {
  const status = app.status?.sync?.status;
  return status === 'Synced' || status === 'OutOfSync' ? status : 'Unknown';
}

/** Automated sync settings. @public */
export function argoAutoSync(app: ArgoApplication) {
  const automated = app.spec?.syncPolicy?.automated;
  return {
    enabled: automated !== undefined && automated.enabled !== false,
    prune: automated?.prune ?? false,
    selfHeal: automated?.selfHeal ?? false,
  };
}

function perSource(single?: string, multi?: string[]): string[] | undefined {
  if (multi?.length) return multi;
  return single ? [single] : undefined;
}

/**
 * The last revision applied successfully, one per source:
 * the succeeded operation's result (not a dry run, not a partial sync),
 * else the newest history entry (history holds only successful syncs),
 * else the sync revision when the app is Synced.
 *
 * @public
 */
export function argoDeployedRevisions(
  app: ArgoApplication,
): { revisions: string[]; deployedAt?: string } | undefined {
  const op = app.status?.operationState;
  const partial =
    op?.operation?.sync?.dryRun === true ||
    (op?.operation?.sync?.resources?.length ?? 0) > 0;
  if (op?.phase === 'Succeeded' && !partial) {
    const revisions = perSource(
      op.syncResult?.revision,
      op.syncResult?.revisions,
    );
    if (revisions) return { revisions, deployedAt: op.finishedAt };
  }
  const newest = argoHistory(app)[0];
  if (newest) {
    return { revisions: newest.revisions, deployedAt: newest.deployedAt };
  }
  if (app.status?.sync?.status === 'Synced') {
    const revisions = perSource(
      app.status.sync.revision,
      app.status.sync.revisions,
    );
    if (revisions) return { revisions };
  }
  return undefined;
}

/** History, newest first, one revision per source. @public */
export function argoHistory(
  app: ArgoApplication,
): Array<Omit<HistoryEntry, 'revision'> & { revisions: string[] }> {
  const entries = [...(app.status?.history ?? [])];
  entries.sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
  return entries
    .map(entry => ({
      revisions: perSource(entry.revision, entry.revisions) ?? [],
      deployedAt: entry.deployedAt,
      initiatedBy: entry.initiatedBy,
    }))
    .filter(entry => entry.revisions.length > 0);
}

/** Revisions Argo CD last compared against Git, one per source. @public */
export function argoComparedRevisions(app: ArgoApplication): string[] {
  return (
    perSource(app.status?.sync?.revision, app.status?.sync?.revisions) ?? []
  );
}

function outOfSyncResources(app: ArgoApplication): DriftedResource[] {
  return (app.status?.resources ?? [])
    .filter(r => r.status === 'OutOfSync')
    .map(r => ({
      ...(r.group ? { group: r.group } : {}),
      kind: r.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
      status: r.status,
      ...(r.health?.status ? { health: r.health.status } : {}),
    }));
}

function operationFacts(app: ArgoApplication) {
  const op = app.status?.operationState;
  const failures: DriftReason[] = [];
  const inProgress: DriftReason[] = [];
  if (!op?.phase) return { failures, inProgress };
  const message = op.message ?? '';
  if (op.phase === 'Failed' || op.phase === 'Error') {
    failures.push({
      code: 'operation-failed',
      message: `last sync ${op.phase.toLowerCase()}${
        message ? `: ${message}` : ''
      }`,
      since: op.finishedAt ?? op.startedAt,
    });
  } else if (op.phase === 'Running') {
    const retries = op.retryCount ?? 0;
    if (retries >= 1 || /retry/i.test(message)) {
      failures.push({
        code: 'retrying',
        message: `retrying (attempt ${Math.max(retries, 1)}): ${message}`,
        since: op.startedAt,
      });
    } else if (/sync window/i.test(message)) {
      inProgress.push({ code: 'sync-window', message, since: op.startedAt });
    } else {
      inProgress.push({
        code: 'syncing',
        message: 'syncing',
        since: op.startedAt,
      });
    }
  } else if (op.phase === 'Terminating') {
    inProgress.push({
      code: 'terminating',
      message: 'terminating',
      since: op.startedAt,
    });
  }
  return { failures, inProgress };
}

/**
 * The drift-relevant facts of an Argo CD Application.
 *
 * @public
 */
export function argoSyncFacts(app: ArgoApplication): SyncFacts {
  const { failures, inProgress } = operationFacts(app);

  if (app.status?.health?.status === 'Degraded') {
    const detail = app.status.health.message;
    failures.push({
      code: 'degraded',
      message: `health is Degraded${detail ? `: ${detail}` : ''}`,
    });
  }
  for (const condition of app.status?.conditions ?? []) {
    if (
      condition.type === 'SyncError' ||
      condition.type === 'ComparisonError'
    ) {
      failures.push({
        code:
          condition.type === 'SyncError' ? 'sync-error' : 'comparison-error',
        message: `${condition.type}: ${condition.message ?? 'no message'}`,
        since: condition.lastTransitionTime,
      });
    }
  }

  let liveDrift: SyncFacts['liveDrift'];
  if (app.status?.sync?.status === 'OutOfSync') {
    const resources = outOfSyncResources(app);
    liveDrift = {
      reasons: [
        {
          code: 'out-of-sync',
          message:
            resources.length > 0
              ? `live state differs from Git: ${resources.length} resource${
                  resources.length === 1 ? '' : 's'
                } OutOfSync`
              : 'live state differs from Git',
        },
      ],
      resources,
    };
  }

  return {
    suspended: false,
    failures,
    liveDrift,
    inProgress,
    neverDeployed: argoDeployedRevisions(app) === undefined,
  };
}
