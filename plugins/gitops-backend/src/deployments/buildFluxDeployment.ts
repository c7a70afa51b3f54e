import {
  classifyDrift,
  fluxHealth,
  helmReleaseDeployed,
  helmReleaseHistory,
  helmReleaseSyncFacts,
  kustomizationSyncFacts,
  parseRevision,
  type CommitSummary,
  type Deployment,
  type DeploymentSource,
  type DriftReason,
  type FluxHelmRelease,
  type FluxKustomization,
  type HistoryEntry,
  type SyncFacts,
} from '@gitops-console/plugin-gitops-common';
import { normalizeGitPath } from '../git/refs';
import {
  clusterFacts,
  commitOrUndefined,
  historyCommit,
  gitErrors,
  gitProblem,
  gitSource,
  repoWebUrl,
  type BuildContext,
} from './buildContext';
import {
  findFluxSource,
  gitRepositoryRef,
  type FluxSource,
} from './fluxSources';
import {
  NO_GIT_FACTS as NO_FACTS,
  readGitSourceFacts,
  type GitSourceFacts,
} from './gitFacts';

function missingSource(source: FluxSource | undefined): DriftReason {
  return {
    code: 'source-not-found',
    message: source
      ? `${source.kind} ${source.namespace}/${source.name} was not found in the cluster`
      : 'the resource names no source',
  };
}

function syncStatusOf(
  state: Deployment['drift']['state'],
): Deployment['syncStatus'] {
  if (state === 'in-sync') return 'Synced';
  if (state === 'behind' || state === 'out-of-sync') return 'OutOfSync';
  return 'Unknown';
}

interface SourceResult {
  view?: DeploymentSource;
  facts: GitSourceFacts;
  problems: DriftReason[];
  sha?: string;
}

/** Reads the Git side of a Flux object whose source is a GitRepository. */
async function gitRepositorySource(
  ctx: BuildContext,
  source: FluxSource,
  path: string,
  deployedRaw: string | undefined,
): Promise<SourceResult> {
  const repo = source.object!;
  const repoURL: string = repo.spec?.url;
  const ref = gitRepositoryRef(repo);
  const deployed = parseRevision(deployedRaw);
  const facts = await readGitSourceFacts(ctx.git, {
    repoUrl: repoURL,
    ref,
    path,
    deployedSha: deployed.sha,
  });
  ctx.watch?.facts(repoURL, facts);
  return {
    view: gitSource({ repoURL, path, ref }, facts, {
      revision: deployed.sha ?? deployedRaw,
      ref: deployed.ref,
    }),
    facts,
    problems: [],
    sha: deployed.sha,
  };
}

function base(
  ctx: BuildContext,
  kind: Deployment['kind'],
  namespace: string,
  name: string,
) {
  return {
    id: `${ctx.cluster}/${namespace}/${kind}/${name}`,
    cluster: ctx.cluster,
    namespace,
    name,
    kind,
    environment: ctx.environment,
    lastSeenAt: ctx.status.lastSeenAt,
  };
}

function finish(
  ctx: BuildContext,
  sync: SyncFacts,
  result: SourceResult,
): Deployment['drift'] {
  const drift = classifyDrift({
    sync,
    git: {
      pendingCommits: result.facts.pendingCommits,
      deployedOnBranch: result.facts.deployedOnBranch,
      path: result.view?.path,
    },
    cluster: clusterFacts(ctx),
  });
  drift.reasons.push(...result.problems, ...gitErrors([result.facts]));
  return drift;
}

/**
 * A Kustomization's history: `status.history` when the controller keeps it
 * (kustomize-controller 1.5+), otherwise the last applied revision at the
 * time Ready turned True, so a synced Kustomization never reads "nothing
 * deployed yet". Each Git entry is titled by the commit that last changed
 * the render inputs at it.
 */
async function kustomizationHistory(
  ctx: BuildContext,
  ks: FluxKustomization,
  result: SourceResult,
  readyTrue: { lastTransitionTime?: string } | undefined,
): Promise<HistoryEntry[]> {
  const snapshots: any[] = (ks.status as any)?.history ?? [];
  const entries: HistoryEntry[] = snapshots.map(snapshot => ({
    revision:
      parseRevision(snapshot.metadata?.revision).sha ??
      snapshot.metadata?.revision ??
      snapshot.digest,
    deployedAt: snapshot.lastReconciled,
    ...(snapshot.firstReconciled && {
      firstDeployedAt: snapshot.firstReconciled,
    }),
    status: snapshot.lastReconciledStatus,
    digest: snapshot.digest,
  }));
  const applied = ks.status?.lastAppliedRevision;
  if (entries.length === 0 && applied) {
    const parsed = parseRevision(applied);
    entries.push({
      revision: parsed.sha ?? parsed.digest ?? applied,
      ...(readyTrue?.lastTransitionTime && {
        deployedAt: readyTrue.lastTransitionTime,
      }),
      initiatedBy: { automated: true },
    });
  }
  const git = result.view?.type === 'git';
  return Promise.all(
    entries.slice(0, ctx.historyLimit).map(async entry => {
      const commit =
        git && /^[0-9a-f]{7,64}$/.test(entry.revision)
          ? await historyCommit(
              ctx,
              result.view!.repoURL,
              result.facts,
              entry.revision,
            )
          : undefined;
      return commit ? { ...entry, commit } : entry;
    }),
  );
}

/** The deployment model of one Flux Kustomization (docs/design.md). */
export async function buildKustomizationDeployment(
  ctx: BuildContext,
  ks: FluxKustomization,
): Promise<Deployment> {
  const namespace = ks.metadata.namespace ?? '';
  const applied = ks.status?.lastAppliedRevision;
  const source = findFluxSource(ctx, ks.spec?.sourceRef, namespace);
  const path = normalizeGitPath(ks.spec?.path);

  let result: SourceResult = { facts: NO_FACTS, problems: [] };
  let desiredArtifact: string | undefined;
  if (!source?.object) {
    result.problems.push(missingSource(source));
  } else if (source.kind === 'GitRepository') {
    result = await gitRepositorySource(ctx, source, path, applied);
  } else if (source.kind === 'OCIRepository') {
    desiredArtifact = source.object.status?.artifact?.revision;
    const desired = parseRevision(desiredArtifact);
    const deployed = parseRevision(applied);
    result.view = {
      type: 'oci',
      repoURL: source.object.spec?.url,
      path,
      ref: source.object.spec?.ref?.tag ?? source.object.spec?.ref?.digest,
      deployedRevision: deployed.digest ?? applied,
      deployedRef: deployed.ref,
      desiredRevision: desired.digest ?? desiredArtifact,
      desiredRef: desired.ref,
      pendingCommits: [],
      pendingTruncated: false,
    };
  }

  const sync = kustomizationSyncFacts(ks, { desiredArtifact });
  const drift = finish(ctx, sync, result);
  const problem = gitProblem([result.facts]);
  const repoURL =
    result.view?.type === 'git' && !problem ? result.view.repoURL : undefined;
  const originSha = parseRevision(ks.status?.lastAppliedOriginRevision).sha;
  // With an OCI source only the origin commit's SHA is known: the other
  // fields are left out rather than sent empty.
  const originCommit = originSha
    ? ({ sha: originSha } as CommitSummary)
    : undefined;
  const deployedCommit = repoURL
    ? await commitOrUndefined(ctx, repoURL, result.sha)
    : originCommit;
  const readyTrue = ks.status?.conditions?.find(
    c => c.type === 'Ready' && c.status === 'True',
  );

  const history = await kustomizationHistory(ctx, ks, result, readyTrue);

  return {
    ...base(ctx, 'flux-kustomization', namespace, ks.metadata.name),
    source: result.view,
    sources: result.view ? [result.view] : [],
    desiredRevision: result.view?.desiredRevision,
    desiredRef: result.view?.desiredRef,
    deployedRevision: result.view?.deployedRevision ?? applied,
    deployedRef: result.view?.deployedRef,
    deployedCommit,
    ...(result.view?.lastChange && { lastChange: result.view.lastChange }),
    ...(problem && { problem }),
    deployedDigest:
      result.view?.type === 'oci' ? result.view.deployedRevision : undefined,
    syncStatus: syncStatusOf(drift.state),
    health: fluxHealth(ks),
    lastSyncedAt: readyTrue?.lastTransitionTime,
    suspended: ks.spec?.suspend === true,
    drift,
    pendingCommits: result.facts.pendingCommits,
    pendingTruncated: result.facts.pendingTruncated,
    history,
    links: {
      commit: deployedCommit?.url,
      repo: repoURL ? repoWebUrl(repoURL) : undefined,
    },
  };
}

/** The deployment model of one Flux HelmRelease (docs/design.md). */
export async function buildHelmReleaseDeployment(
  ctx: BuildContext,
  hr: FluxHelmRelease,
): Promise<Deployment> {
  const namespace = hr.metadata.namespace ?? '';
  const chartSpec = hr.spec?.chart?.spec;
  const deployed = helmReleaseDeployed(hr);
  const source = findFluxSource(ctx, chartSpec?.sourceRef, namespace);

  let result: SourceResult = { facts: NO_FACTS, problems: [] };
  if (source?.kind === 'GitRepository') {
    // A chart built from a Git path: pending commits apply to that path.
    if (!source.object) result.problems.push(missingSource(source));
    else {
      const repo = source.object;
      const path = normalizeGitPath(chartSpec?.chart);
      const head = parseRevision(repo.status?.artifact?.revision);
      // Helm history holds chart versions, not commits. Only when the
      // release is up to date is its commit known (the source artifact);
      // otherwise which commits are missing cannot be told apart.
      const upToDate =
        head.sha !== undefined &&
        hr.status?.lastAttemptedRevision === deployed?.chartVersion;
      result = await gitRepositorySource(
        ctx,
        source,
        path,
        upToDate ? head.sha : undefined,
      );
      if (!upToDate) {
        result.facts = {
          ...result.facts,
          pendingCommits: [],
          pendingTruncated: false,
        };
      }
      result.view = result.view && {
        ...result.view,
        deployedRevision: deployed?.chartVersion,
        pendingCommits: result.facts.pendingCommits,
        pendingTruncated: result.facts.pendingTruncated,
      };
    }
  }
  const view: DeploymentSource = result.view ?? {
    type: 'helm',
    repoURL: source ? `${source.kind}/${source.namespace}/${source.name}` : '',
    chart: chartSpec?.chart,
    ref: chartSpec?.version,
    deployedRevision: deployed?.chartVersion,
    desiredRevision: hr.status?.lastAttemptedRevision ?? deployed?.chartVersion,
    pendingCommits: [],
    pendingTruncated: false,
  };

  const sync = helmReleaseSyncFacts(hr);
  const drift = finish(ctx, sync, result);
  const problem = gitProblem([result.facts]);
  return {
    ...base(ctx, 'flux-helmrelease', namespace, hr.metadata.name),
    source: view,
    sources: [view],
    // A chart version, as deployedRevision is (docs/design.md); the Git view
    // of a chart built from a path keeps its commit in `source`.
    desiredRevision: hr.status?.lastAttemptedRevision ?? deployed?.chartVersion,
    desiredRef: view.desiredRef,
    deployedRevision: deployed?.chartVersion,
    deployedDigest: deployed?.digest,
    ...(problem && { problem }),
    syncStatus: syncStatusOf(drift.state),
    health: fluxHealth(hr),
    lastSyncedAt: deployed?.lastDeployed,
    suspended: hr.spec?.suspend === true,
    drift,
    pendingCommits: result.facts.pendingCommits,
    pendingTruncated: result.facts.pendingTruncated,
    history: helmReleaseHistory(hr)
      .slice(0, ctx.historyLimit)
      .map(entry => ({
        ...entry,
        // helm-controller runs every install and upgrade itself.
        initiatedBy: { automated: true },
        revision: entry.revision || entry.digest || '',
      })),
    links: {
      repo: view.type === 'git' ? repoWebUrl(view.repoURL) : undefined,
    },
  };
}
