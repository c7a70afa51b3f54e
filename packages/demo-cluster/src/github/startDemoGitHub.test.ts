import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { GitHubOpenApiValidator } from '@gitops-console/testkit';
import { DemoCluster, startDemoCluster } from '../startDemoCluster';
import { kubeConfigFor } from '../__testUtils__/kubeClient';
import { generateRepositories } from '../content/generateRepositories';
import { REVIEWS_GITHUB_REPO } from '../content/reviewsRepo';
import { startDemoGitHub } from './startDemoGitHub';

jest.setTimeout(120_000);

const REPO = `/repos/${REVIEWS_GITHUB_REPO}`;
const validator = GitHubOpenApiValidator.load();

/** A GET on the demo GitHub, its answer checked against GitHub's OpenAPI description. */
async function get(
  apiUrl: string,
  token: string | undefined,
  url: string,
  template: string,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${apiUrl}${url}`, {
    headers: token ? { authorization: `token ${token}` } : {},
  });
  const body = await response.json();
  const result = validator.validate({
    method: 'GET',
    template,
    status: response.status,
    body,
  });
  expect(result.errors).toEqual([]);
  expect(result.documented).toBe(true);
  return { status: response.status, body };
}

/** Per commit title: the combined status's state and each check run's result. */
async function ciOfCommits(apiUrl: string, token: string) {
  const { body: commits } = await get(
    apiUrl,
    token,
    `${REPO}/commits?sha=main&per_page=100`,
    '/repos/{owner}/{repo}/commits',
  );
  const out = new Map<
    string,
    { sha: string; combined: string; runs: Record<string, string> }
  >();
  for (const commit of commits) {
    const { body: combined } = await get(
      apiUrl,
      token,
      `${REPO}/commits/${commit.sha}/status`,
      '/repos/{owner}/{repo}/commits/{ref}/status',
    );
    const { body: checks } = await get(
      apiUrl,
      token,
      `${REPO}/commits/${commit.sha}/check-runs`,
      '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    );
    expect(combined.sha).toBe(commit.sha);
    out.set(commit.commit.message.split('\n')[0], {
      sha: commit.sha,
      combined: combined.state,
      runs: Object.fromEntries(
        checks.check_runs.map((run: any) => [
          run.name,
          run.conclusion ?? run.status,
        ]),
      ),
    });
  }
  return out;
}

describe('the demo GitHub in the demo cluster', () => {
  let demo: DemoCluster;
  let dataDir: string;
  let staging: k8s.CustomObjectsApi;
  let production: k8s.CustomObjectsApi;
  const getApp = (api: k8s.CustomObjectsApi, name: string) =>
    api.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'applications',
      namespace: 'argocd',
      name,
    }) as Promise<any>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-github-test-'));
    demo = await startDemoCluster({ dataDir, stepMs: 200, pollMs: 500 });
    const client = (env: 'staging' | 'production') =>
      kubeConfigFor(
        demo.clusterUrl(env),
        demo.token,
        demo.caCert,
      ).makeApiClient(k8s.CustomObjectsApi);
    staging = client('staging');
    production = client('production');
  });

  afterAll(async () => {
    await demo?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves CI states for reviews' commits through both of GitHub's CI endpoints", async () => {
    const ci = await ciOfCommits(demo.githubUrl, demo.githubToken);
    expect(ci.size).toBe(10);
    // The release production runs although its end-to-end tests failed (check runs).
    expect(ci.get('reviews: release 2.1.0 to production')).toMatchObject({
      combined: 'success',
      runs: { build: 'success', e2e: 'failure' },
    });
    // Waiting for production: the image scan failed (a commit status) ...
    expect(ci.get('reviews: release 2.2.0 to production')).toMatchObject({
      combined: 'failure',
      runs: { build: 'success', e2e: 'success' },
    });
    // ... and the newest commit's checks still run.
    expect(
      ci.get('reviews: three replicas in production for the sale'),
    ).toMatchObject({
      combined: 'pending',
      runs: { build: 'success', e2e: 'in_progress' },
    });
    const passed = [...ci.values()].filter(
      c =>
        c.combined === 'success' &&
        c.runs.build === 'success' &&
        c.runs.e2e === 'success',
    );
    expect(passed).toHaveLength(7);
  });

  it('answers only with the demo token, as GitHub answers a bad one', async () => {
    for (const authorization of [undefined, 'token not-the-demo-token']) {
      const response = await fetch(
        `${demo.githubUrl}${REPO}/commits/main/status`,
        { headers: authorization ? { authorization } : {} },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        message: 'Bad credentials',
      });
    }
  });

  it('lets the simulated Argo CD deploy the repository the GitHub host names', async () => {
    const ci = await ciOfCommits(demo.githubUrl, demo.githubToken);
    const sha = (title: string) => ci.get(title)!.sha;
    const head = sha('reviews: three replicas in production for the sale');

    const prod = await getApp(production, 'reviews-production');
    expect(prod.spec.source.repoURL).toBe(
      `${demo.githubUrl}/${REVIEWS_GITHUB_REPO}.git`,
    );
    // Synced by hand at the hotfix; two commits wait for a sync.
    expect(prod.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: head,
    });
    expect(prod.status.operationState.syncResult.revision).toBe(
      sha('reviews: hotfix 2.1.1 (star ratings rounded down) everywhere'),
    );
    // The release whose tests failed is in production's history.
    expect(prod.status.history.map((h: any) => h.revision)).toContain(
      sha('reviews: release 2.1.0 to production'),
    );

    const stage = await getApp(staging, 'reviews-staging');
    expect(stage.status.sync).toMatchObject({
      status: 'Synced',
      revision: head,
    });
  });
});

describe('startDemoGitHub', () => {
  it('posts the same CI results again on a restart that keeps the repositories', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-github-keep-'));
    try {
      const gitRoot = path.join(dir, 'git');
      const changeIds = await generateRepositories(gitRoot, new Date());
      const options = { gitRoot, gitUrl: 'http://127.0.0.1:1', dataDir: dir };
      const first = await startDemoGitHub({ ...options, changeIds });
      const before = await ciOfCommits(first.url, first.token).finally(() =>
        first.stop(),
      );
      const second = await startDemoGitHub(options);
      const after = await ciOfCommits(second.url, second.token).finally(() =>
        second.stop(),
      );
      expect(after).toEqual(before);
      expect(second.ciResults).toEqual(first.ciResults);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
