import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitHubFacade,
  GitServer,
  startGitHubFacade,
  startGitServer,
} from '@gitops-console/testkit';
import { GithubProvider } from '../github/GithubProvider';
import { combineCiStatus } from '../github/combineCiStatus';
import { createDeployHistory, DeployHistory } from '../testUtils/deployHistory';
import { CiStatusTracker } from './CiStatusTracker';

jest.setTimeout(60_000);

const TOKEN = 'ghs_ci-facade-token-77aa';
const HOST = 'github.ci.test';
const repoUrl = `https://${HOST}/acme/deploy`;

let server: GitServer;
let facade: GitHubFacade;
let history: DeployHistory;
let provider: GithubProvider;

/** What a CI system does: posts to the facade's REST API like to GitHub's. */
async function post(path: string, body: unknown) {
  const res = await fetch(`${facade.url}/repos/acme/deploy${path}`, {
    method: 'POST',
    headers: {
      authorization: `token ${TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

const served = (template: string) =>
  facade.served.filter(r => r.template === template).map(r => r.status);
const STATUS_ROUTE = '/repos/{owner}/{repo}/commits/{ref}/status';

beforeAll(async () => {
  server = await startGitServer();
  history = await createDeployHistory(server, 'acme/deploy');
  facade = await startGitHubFacade({ git: server, token: TOKEN });
  provider = new GithubProvider({
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
        },
      }),
    ),
    revalidateAfterSeconds: 0,
  });
});

afterAll(async () => {
  await facade?.stop();
  await server?.stop();
});

describe('CI state of commits through the GitHub facade', () => {
  it('combines commit statuses and check runs, failure first, none when nothing ran', async () => {
    const sha = history.docs;
    expect(await provider.ciStatus({ repoUrl, sha })).toEqual({
      state: 'none',
      count: 0,
    });

    await post(`/statuses/${sha}`, {
      state: 'success',
      context: 'build',
      target_url: 'https://ci.example.com/b/1',
    });
    await post('/check-runs', {
      name: 'e2e',
      head_sha: sha,
      status: 'in_progress',
      details_url: 'https://ci.example.com/e/1',
    });
    expect(await provider.ciStatus({ repoUrl, sha })).toEqual({
      state: 'pending',
      url: 'https://ci.example.com/e/1',
      count: 2,
    });

    await post('/check-runs', {
      name: 'e2e',
      head_sha: sha,
      conclusion: 'failure',
      details_url: 'https://ci.example.com/e/2',
    });
    expect(await provider.ciStatus({ repoUrl, sha })).toEqual({
      state: 'failure',
      url: 'https://ci.example.com/e/2',
      count: 2,
    });
  });

  it('revalidates with ETags: an unchanged state costs a 304', async () => {
    const sha = history.initial;
    await post(`/statuses/${sha}`, { state: 'success', context: 'build' });
    const before = served(STATUS_ROUTE).length;
    await provider.ciStatus({ repoUrl, sha });
    await provider.ciStatus({ repoUrl, sha });
    expect(served(STATUS_ROUTE).slice(before)).toEqual([200, 304]);
  });

  it('follows the commits views show and tells of the repositories whose states changed', async () => {
    let now = 1_000_000;
    const tracker = new CiStatusTracker({
      providerFor: () => provider,
      pollSeconds: 30,
      maxPerRound: 1,
      now: () => now,
    });
    const changed: string[] = [];
    const commits: string[][] = [];
    tracker.onChange((key, change) => {
      changed.push(key);
      commits.push(change?.commits ?? []);
    });
    const sha = history.squashPr34;
    const other = history.mergePr12;
    // Unknown until polled; asking enrols the commit.
    expect(tracker.statusOf(repoUrl, sha)).toBeUndefined();
    expect(tracker.statusOf(repoUrl, other)).toBeUndefined();
    expect(tracker.statusOf(repoUrl, 'main')).toBeUndefined();
    expect(tracker.size).toBe(2);

    await tracker.poll(); // One commit per round.
    await tracker.poll();
    expect(tracker.statusOf(repoUrl, sha)).toEqual({ state: 'none', count: 0 });
    expect(changed).toEqual([
      'https://github.ci.test/acme/deploy',
      'https://github.ci.test/acme/deploy',
    ]);

    // Not due again before pollSeconds: nothing is read.
    await post(`/statuses/${sha}`, { state: 'failure', context: 'build' });
    const reads = served(STATUS_ROUTE).length;
    await tracker.poll();
    expect(served(STATUS_ROUTE).length).toBe(reads);

    now += 31_000;
    await tracker.poll();
    await tracker.poll();
    expect(tracker.statusOf(repoUrl, sha)).toMatchObject({ state: 'failure' });
    // The other commit's state did not change: one change event only,
    // naming the commit (views showing no other commit are not rebuilt).
    expect(changed).toHaveLength(3);
    expect(commits[2]).toEqual([sha]);
    expect(commits.slice(0, 2).flat().sort()).toEqual([sha, other].sort());
  });

  it('drops the commit no view showed for longest beyond its bound', async () => {
    const tracker = new CiStatusTracker({
      providerFor: () => provider,
      maxCommits: 2,
    });
    tracker.statusOf(repoUrl, history.initial);
    tracker.statusOf(repoUrl, history.docs);
    tracker.statusOf(repoUrl, history.initial); // shown again
    tracker.statusOf(repoUrl, history.squashPr34);
    expect(tracker.size).toBe(2);
    await tracker.poll();
    // `docs` was dropped, so it is unknown again; `initial` was kept.
    expect(tracker.statusOf(repoUrl, history.initial)).toBeDefined();
    // Kept, it would have been read in that round too.
    expect(tracker.statusOf(repoUrl, history.docs)).toBeUndefined();
  });

  it('does not follow commits of hosts without CI states', () => {
    const tracker = new CiStatusTracker({
      providerFor: () => ({ id: 'plain' } as any),
    });
    expect(
      tracker.statusOf('https://git.example.com/a/b.git', 'a'.repeat(40)),
    ).toBeUndefined();
    expect(tracker.size).toBe(0);
  });
});

describe('combineCiStatus', () => {
  it('reads check runs that are not completed as pending and bad conclusions as failure', () => {
    const run = (status: string, conclusion: string | null) => ({
      status,
      conclusion,
      details_url: null,
      html_url: `https://github.example.com/runs/${status}-${conclusion}`,
    });
    expect(
      combineCiStatus({ statuses: [] }, { runs: [run('queued', null)] }).state,
    ).toBe('pending');
    expect(
      combineCiStatus(
        { statuses: [] },
        { runs: [run('completed', 'timed_out')] },
      ),
    ).toEqual({
      state: 'failure',
      url: 'https://github.example.com/runs/completed-timed_out',
      count: 1,
    });
    expect(
      combineCiStatus(
        { statuses: [{ state: 'error', target_url: null }] },
        { runs: [run('completed', 'success'), run('completed', 'skipped')] },
      ).state,
    ).toBe('failure');
    expect(
      combineCiStatus({ statuses: [] }, { runs: [run('completed', 'neutral')] })
        .state,
    ).toBe('success');
  });
});
