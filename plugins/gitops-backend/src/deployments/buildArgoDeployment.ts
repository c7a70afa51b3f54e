import {
  argoAutoSync,
  argoHelmValueFileInputs,
  argoComparedRevisions,
  argoDeployedRevisions,
  argoHealth,
  argoHistory,
  argoSources,
  argoSyncFacts,
  argoSyncStatus,
  classifyDrift,
  parseRevision,
  type ArgoApplication,
  type Deployment,
  type DeploymentSource,
  type HistoryEntry,
} from '@gitops-console/plugin-gitops-common';
import { normalizeGitPath } from '../git/refs';
import {
  clusterFacts,
  commitOrUndefined,
  gitErrors,
  gitProblem,
  gitSource,
  historyCommit,
  repoWebUrl,
  unionPending,
  type BuildContext,
} from './buildContext';
import { NO_GIT_FACTS as NO_FACTS, readGitSourceFacts } from './gitFacts';

type SourceWithHelm = ReturnType<typeof argoSources>[number] & {
  helm?: { valueFiles?: string[] };
};

/** The deployment model of one Argo CD Application (docs/design.md). */
export async function buildArgoDeployment(
  ctx: BuildContext,
  app: ArgoApplication,
): Promise<Deployment> {
  const namespace = app.metadata.namespace ?? '';
  const sources = argoSources(app) as SourceWithHelm[];
  // Value files written `$ref/...` are inputs of the `ref` source's repository.
  const refInputs = new Map(
    argoHelmValueFileInputs(sources).map(g => [g.sourceIndex, g]),
  );
  const deployed = argoDeployedRevisions(app);
  const compared = argoComparedRevisions(app);
  const multi = sources.length > 1;

  const perSource = await Promise.all(
    sources.map(async (source, i) => {
      const revision = deployed?.revisions[i];
      const parsed = parseRevision(revision);
      if (source.chart) {
        const view: DeploymentSource = {
          type: 'helm',
          repoURL: source.repoURL,
          chart: source.chart,
          ref: source.targetRevision,
          deployedRevision: revision,
          desiredRevision: source.targetRevision,
          desiredRef: source.targetRevision,
          pendingCommits: [],
          pendingTruncated: false,
        };
        return { view, facts: NO_FACTS, sha: undefined };
      }
      const valueFiles = refInputs.get(i);
      if (source.path === undefined && !valueFiles?.paths.length) {
        // A `ref` source no value file reads: nothing is deployed from it.
        const view: DeploymentSource = {
          type: 'git',
          repoURL: source.repoURL,
          ref: source.targetRevision,
          deployedRevision: parsed.sha ?? revision,
          pendingCommits: [],
          pendingTruncated: false,
        };
        return { view, facts: NO_FACTS, sha: parsed.sha };
      }
      const ref = source.targetRevision || 'HEAD';
      const facts = await readGitSourceFacts(ctx.git, {
        repoUrl: source.repoURL,
        ref,
        path: normalizeGitPath(source.path),
        helmValueFiles: source.helm?.valueFiles,
        // A `ref` source renders nothing itself: its inputs are the value
        // files other sources read from it.
        fixedInputs:
          source.path === undefined && valueFiles
            ? { paths: valueFiles.paths, external: valueFiles.external }
            : undefined,
        deployedSha: parsed.sha,
        comparedSha: parseRevision(compared[i]).sha,
        sourceIndex: multi ? i : undefined,
      });
      ctx.watch?.facts(source.repoURL, facts);
      if (source.path === undefined) {
        const view = gitSource(
          { repoURL: source.repoURL, path: undefined, ref },
          facts,
          { revision: parsed.sha ?? revision, ref: parsed.ref },
        );
        return { view, facts, sha: parsed.sha };
      }
      const view = gitSource(
        { repoURL: source.repoURL, path: normalizeGitPath(source.path), ref },
        facts,
        { revision: parsed.sha ?? revision, ref: parsed.ref },
      );
      return { view, facts, sha: parsed.sha };
    }),
  );

  const topIndex = Math.max(
    0,
    sources.findIndex(s => s.path !== undefined && !s.chart),
  );
  const top = perSource[topIndex];
  const views = perSource.map(p => p.view);
  const facts = perSource.map(p => p.facts);
  const { pendingCommits, pendingTruncated } = unionPending(views);

  const drift = classifyDrift({
    sync: argoSyncFacts(app),
    git: {
      pendingCommits,
      deployedOnBranch: facts.every(f => f.deployedOnBranch),
      changedOutsidePath: facts.some(f => f.changedOutsidePath),
      path: top?.view.path,
    },
    cluster: clusterFacts(ctx),
  });
  drift.reasons.push(...gitErrors(facts));
  const problem = gitProblem(facts);

  const repoURL = top?.view.repoURL;
  const deployedCommit =
    repoURL && top?.sha && !problem
      ? await commitOrUndefined(ctx, repoURL, top.sha)
      : undefined;

  const history: HistoryEntry[] = await Promise.all(
    argoHistory(app)
      .slice(0, ctx.historyLimit)
      .map(async entry => {
        const revision = entry.revisions[topIndex] ?? entry.revisions[0];
        const sha = parseRevision(revision).sha;
        return {
          revision: sha ?? revision,
          deployedAt: entry.deployedAt,
          initiatedBy: entry.initiatedBy,
          // Titled by what last changed the render inputs at that revision.
          commit:
            sha && top?.view.repoURL
              ? await historyCommit(ctx, top.view.repoURL, top.facts, sha)
              : undefined,
        };
      }),
  );

  const op = app.status?.operationState;
  return {
    id: `${ctx.cluster}/${namespace}/argocd-application/${app.metadata.name}`,
    cluster: ctx.cluster,
    namespace,
    name: app.metadata.name,
    kind: 'argocd-application',
    environment: ctx.environment,
    source: top?.view,
    sources: views,
    desiredRevision: top?.view.desiredRevision,
    desiredRef: top?.view.desiredRef,
    deployedRevision: top?.view.deployedRevision,
    deployedRef: top?.view.deployedRef,
    deployedCommit,
    ...(top?.view.lastChange && { lastChange: top.view.lastChange }),
    ...(problem && { problem }),
    syncStatus: argoSyncStatus(app),
    health: argoHealth(app),
    lastSyncedAt:
      (op?.phase === 'Succeeded' ? op.finishedAt : undefined) ??
      deployed?.deployedAt ??
      app.status?.reconciledAt,
    lastSeenAt: ctx.status.lastSeenAt,
    autoSync: argoAutoSync(app),
    suspended: false,
    drift,
    pendingCommits,
    pendingTruncated,
    history,
    links: {
      commit: deployedCommit?.url,
      repo: repoURL ? repoWebUrl(repoURL) : undefined,
      argocd: ctx.argocdUrl
        ? `${ctx.argocdUrl.replace(/\/+$/, '')}/applications/${namespace}/${
            app.metadata.name
          }`
        : undefined,
    },
  };
}
