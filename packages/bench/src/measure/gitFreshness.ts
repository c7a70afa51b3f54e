import { createHmac } from 'node:crypto';
import type { SeededRepository } from '../fleet/gitSeed';
import type { SeededDeployment } from '../fleet/kubeSeed';
import { repoUrlOf } from '../fleet/kubeObjects';
import { pick, seededRandom } from '../fleet/random';
import type { BenchApi } from '../load/api';
import { findDeployment, pollUntil } from './freshness';
import { summarize, type LatencySummary } from './stats';

export interface GitFreshness extends LatencySummary {
  pushes: number;
  timedOut: number;
  /**
   * Deployment views rebuilt and rebuilds skipped (nothing they read
   * changed) per push, from `/clusters` once the queue is empty after the
   * last push; null where the backend does not count them.
   */
  rebuildsPerPush: number | null;
  skippedPerPush: number | null;
  github: LatencySummary;
  plain: LatencySummary;
}

function pendingShas(deployment: any): string[] {
  const top = (deployment?.pendingCommits ?? []).map((c: any) => c.sha);
  const bySource = (deployment?.sources ?? []).flatMap((s: any) =>
    (s.pendingCommits ?? []).map((c: any) => c.sha),
  );
  return [...top, ...bySource];
}

/**
 * Git push freshness: commit to a synced deployment's app path (written
 * into the served repository, as a push), send GitHub's signed push webhook
 * for the repository, and time until the commit is pending in the entity's
 * answer. Alternates a GitHub-facade repository and a plain-Git one.
 */
export async function measureGitFreshness(options: {
  api: BenchApi;
  seeded: SeededDeployment[];
  repos: Map<string, SeededRepository>;
  gitServerUrl: string;
  webhookSecret: string;
  pushes: number;
  perPushTimeoutMs: number;
  budgetMs: number;
}): Promise<GitFreshness> {
  const random = seededRandom(11);
  const synced = options.seeded.filter(
    s => s.state === 'in-sync' && s.deployment.tool === 'argo',
  );
  const github = synced.filter(s => s.deployment.repository.github);
  const plain = synced.filter(s => !s.deployment.repository.github);
  const samples: number[] = [];
  const byKind = { github: [] as number[], plain: [] as number[] };
  let timedOut = 0;
  const before = await viewCounts(options.api);
  const budgetEnd = Date.now() + options.budgetMs;
  for (let i = 0; i < options.pushes && Date.now() < budgetEnd; i++) {
    const onGithub = i % 2 === 0 && github.length > 0;
    const target = pick(random, onGithub ? github : plain);
    const d = target.deployment;
    const repo = options.repos.get(d.repository.fullName)!;
    const started = Date.now();
    const sha = await repo.repo.commit({
      message: `${d.service.name}: benchmark push ${i} to ${d.cluster.environment}`,
      files: {
        [`${d.path}/deployment.yaml`]: `# benchmark push ${i} at ${started}\n`,
      },
    });
    repo.head = sha;
    const cloneUrl = repoUrlOf(d, options.gitServerUrl);
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after: sha,
      repository: {
        full_name: d.repository.fullName,
        clone_url: cloneUrl.endsWith('.git') ? cloneUrl : `${cloneUrl}.git`,
        html_url: cloneUrl.replace(/\.git$/, ''),
      },
      head_commit: { id: sha },
    });
    const signature = `sha256=${createHmac('sha256', options.webhookSecret)
      .update(body)
      .digest('hex')}`;
    // A backend that refreshes inside the webhook may not answer in time.
    const delivered = await options.api
      .post(
        '/api/gitops/webhooks/github',
        body,
        {
          'x-github-event': 'push',
          'x-github-delivery': `bench-${i}`,
          'x-hub-signature-256': signature,
        },
        options.perPushTimeoutMs,
      )
      .then(
        () => true,
        () => false,
      );
    const ms = delivered
      ? await pollUntil(
          options.api,
          d.service.name,
          started,
          options.perPushTimeoutMs,
          answer => pendingShas(findDeployment(answer, target)).includes(sha),
        )
      : undefined;
    const value = ms ?? options.perPushTimeoutMs;
    if (ms === undefined) timedOut += 1;
    samples.push(value);
    byKind[onGithub ? 'github' : 'plain'].push(value);
  }
  const after = await viewCountsWhenIdle(options.api, 120_000);
  const perPush = (a?: number, b?: number) =>
    a === undefined || b === undefined || samples.length === 0
      ? null
      : Math.round(((a - b) / samples.length) * 10) / 10;
  return {
    ...summarize(samples),
    pushes: samples.length,
    timedOut,
    rebuildsPerPush: perPush(after?.builds, before?.builds),
    skippedPerPush: perPush(after?.buildsSkipped, before?.buildsSkipped),
    github: summarize(byKind.github),
    plain: summarize(byKind.plain),
  };
}

interface ViewCounts {
  builds?: number;
  buildsSkipped?: number;
  pending?: number;
}

async function viewCounts(api: BenchApi): Promise<ViewCounts | undefined> {
  try {
    return (await api.get('/api/gitops/clusters')).views;
  } catch {
    return undefined;
  }
}

/** The counts once the rebuild queue is empty, or at the bound. */
async function viewCountsWhenIdle(
  api: BenchApi,
  boundMs: number,
): Promise<ViewCounts | undefined> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const counts = await viewCounts(api);
    if (!counts || counts.pending === 0 || Date.now() > deadline) {
      return counts;
    }
    await new Promise(r => setTimeout(r, 200));
  }
}
