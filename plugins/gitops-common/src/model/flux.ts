import type { DriftReason, HealthStatus, HistoryEntry } from './deployment';
import type { SyncFacts } from './drift';
import { parseRevision, sameRevision } from './revision';

/** A Kubernetes condition as Flux writes it. @public */
export interface FluxCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

interface FluxMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The fields of a Flux `Kustomization` (v1) GitOps Console reads. @public */
export interface FluxKustomization {
  metadata: FluxMetadata;
  spec?: {
    suspend?: boolean;
    path?: string;
    sourceRef?: { kind: string; name: string; namespace?: string };
  };
  status?: {
    conditions?: FluxCondition[];
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
    lastAppliedOriginRevision?: string;
    lastHandledReconcileAt?: string;
  };
}

/** A HelmRelease `status.history[]` snapshot. @public */
export interface HelmReleaseSnapshot {
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
  digest?: string;
  status?: string;
  firstDeployed?: string;
  lastDeployed?: string;
  version?: number;
}

/** The fields of a Flux `HelmRelease` (v2) GitOps Console reads. @public */
export interface FluxHelmRelease {
  metadata: FluxMetadata;
  spec?: {
    suspend?: boolean;
    chart?: {
      spec?: {
        chart?: string;
        version?: string;
        sourceRef?: { kind: string; name: string; namespace?: string };
      };
    };
    chartRef?: { kind: string; name: string; namespace?: string };
  };
  status?: {
    conditions?: FluxCondition[];
    history?: HelmReleaseSnapshot[];
    lastAttemptedRevision?: string;
    lastAttemptedRevisionDigest?: string;
  };
}

/** Reasons for `Ready=False` that mean "not yet" rather than "failed". */
const WAITING_REASONS = new Set([
  'Progressing',
  'DependencyNotReady',
  'HealthCheckCanceled',
]);

function condition(conditions: FluxCondition[] | undefined, type: string) {
  return conditions?.find(c => c.type === type);
}

/**
 * Health of a Flux object; the first match wins: suspended, Stalled=True,
 * Ready=True, Ready=Unknown (or Reconciling=True without Ready=False),
 * Ready=False, no conditions.
 *
 * @public
 */
export function fluxHealth(obj: {
  spec?: { suspend?: boolean };
  status?: { conditions?: FluxCondition[] };
}): HealthStatus {
  if (obj.spec?.suspend) return 'Suspended';
  const conditions = obj.status?.conditions;
  const ready = condition(conditions, 'Ready');
  if (condition(conditions, 'Stalled')?.status === 'True') return 'Degraded';
  if (ready?.status === 'True') return 'Healthy';
  if (
    ready?.status === 'Unknown' ||
    (condition(conditions, 'Reconciling')?.status === 'True' &&
      ready?.status !== 'False')
  ) {
    return 'Progressing';
  }
  if (ready?.status === 'False') return 'Degraded';
  return 'Unknown';
}

function describe(c: FluxCondition) {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${
    c.message ? `: ${c.message}` : ''
  }`;
}

/** Failures and waits shared by Kustomizations and HelmReleases. */
function conditionFacts(
  conditions: FluxCondition[] | undefined,
  attempted: string | undefined,
  applied: string | undefined,
) {
  const failures: DriftReason[] = [];
  const inProgress: DriftReason[] = [];
  const stalled = condition(conditions, 'Stalled');
  const ready = condition(conditions, 'Ready');
  const attemptDiffers =
    attempted !== undefined &&
    applied !== undefined &&
    !sameRevision(parseRevision(attempted), parseRevision(applied));

  if (stalled?.status === 'True') {
    failures.push({
      code: 'stalled',
      message: describe(stalled),
      since: stalled.lastTransitionTime,
    });
  }
  if (ready?.status === 'False') {
    const reason = ready.reason ?? '';
    const waiting =
      WAITING_REASONS.has(reason) ||
      (reason === 'ProgressingWithRetry' && !attemptDiffers);
    if (!waiting) {
      failures.push({
        code: 'ready-false',
        message: describe(ready),
        since: ready.lastTransitionTime,
      });
    } else if (reason === 'DependencyNotReady') {
      inProgress.push({
        code: 'dependency-not-ready',
        message: ready.message ?? 'waiting for a dependency',
        since: ready.lastTransitionTime,
      });
    } else {
      inProgress.push({
        code: 'syncing',
        message: `syncing: ${describe(ready)}`,
        since: ready.lastTransitionTime,
      });
    }
  } else if (
    ready?.status === 'Unknown' ||
    condition(conditions, 'Reconciling')?.status === 'True'
  ) {
    inProgress.push({
      code: 'syncing',
      message: 'syncing',
      since: (ready ?? condition(conditions, 'Reconciling'))
        ?.lastTransitionTime,
    });
  }
  return { failures, inProgress };
}

/**
 * The drift-relevant facts of a Kustomization. `desiredArtifact` is the
 * source's current artifact revision (used for OCI sources, whose digest
 * moves without Git commits).
 *
 * @public
 */
export function kustomizationSyncFacts(
  ks: FluxKustomization,
  options: { desiredArtifact?: string } = {},
): SyncFacts {
  const applied = ks.status?.lastAppliedRevision;
  const { failures, inProgress } = conditionFacts(
    ks.status?.conditions,
    ks.status?.lastAttemptedRevision,
    applied,
  );
  let newerArtifact: DriftReason | undefined;
  if (options.desiredArtifact && applied) {
    const desired = parseRevision(options.desiredArtifact);
    if (desired.digest && !sameRevision(desired, parseRevision(applied))) {
      newerArtifact = {
        code: 'newer-artifact',
        message: `a newer artifact is available: ${desired.digest.slice(
          0,
          19,
        )}…`,
      };
    }
  }
  return {
    suspended: ks.spec?.suspend === true,
    failures,
    inProgress,
    neverDeployed: !applied,
    // Flux corrects drift on every reconcile: a Kustomization never drifts.
    liveDrift: undefined,
    newerArtifact,
  };
}

/** The newest snapshot Helm deployed successfully. @public */
export function helmReleaseDeployed(
  hr: FluxHelmRelease,
): HelmReleaseSnapshot | undefined {
  // Flux keeps history newest first.
  return hr.status?.history?.find(s => s.status === 'deployed');
}

/** HelmRelease history in the shared shape, newest first. @public */
export function helmReleaseHistory(hr: FluxHelmRelease): HistoryEntry[] {
  return (hr.status?.history ?? []).map(s => ({
    revision: s.chartVersion ?? '',
    chartVersion: s.chartVersion,
    digest: s.digest,
    status: s.status,
    deployedAt: s.lastDeployed ?? s.firstDeployed,
  }));
}

/**
 * The drift-relevant facts of a HelmRelease. The desired chart version is
 * the chart artifact's, or `lastAttemptedRevision` when newer.
 *
 * @public
 */
export function helmReleaseSyncFacts(
  hr: FluxHelmRelease,
  options: { desiredChartVersion?: string } = {},
): SyncFacts {
  const deployed = helmReleaseDeployed(hr);
  const conditions = hr.status?.conditions;
  const { failures, inProgress } = conditionFacts(
    conditions,
    hr.status?.lastAttemptedRevision,
    deployed?.chartVersion,
  );

  const drifted = condition(conditions, 'Drifted');
  const liveDrift: SyncFacts['liveDrift'] =
    drifted?.status === 'True'
      ? {
          reasons: [
            {
              code: 'helm-drifted',
              message: `live state differs from the Helm release${
                drifted.message ? `: ${drifted.message}` : ''
              }`,
              since: drifted.lastTransitionTime,
            },
          ],
          resources: [],
        }
      : undefined;

  const desired =
    options.desiredChartVersion ?? hr.status?.lastAttemptedRevision;
  const newerArtifact: DriftReason | undefined =
    deployed?.chartVersion && desired && desired !== deployed.chartVersion
      ? {
          code: 'newer-chart',
          message: `chart ${desired} is available; ${deployed.chartVersion} is deployed`,
        }
      : undefined;

  return {
    suspended: hr.spec?.suspend === true,
    failures,
    liveDrift,
    inProgress,
    neverDeployed: deployed === undefined,
    newerArtifact,
  };
}
