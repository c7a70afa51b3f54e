import {
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import {
  argoApp,
  clusterEntry,
  comparable,
  component,
  startResilienceBackend,
  type ResilienceBackend,
} from './__testUtils__/resilienceBackend';
import { startClusterAndGit } from './__testUtils__/clusterAndGit';

jest.setTimeout(150_000);

const IDS = ['alpha', 'bravo', 'charlie'];
const WATCH_TIMEOUT_S = 5;

/**
 * Issue 15: `410 Gone` leads to a re-list, with the views unchanged where
 * nothing changed. Provoked for real: the apiserver runs without its watch
 * cache (`--watch-cache=false`), so watches read etcd, and etcd's history is
 * compacted past every watch's resourceVersion. A quiet watch is re-opened
 * from its last version once per bound (no bookmarks without the cache),
 * and etcd answers it with 410.
 */
describe('a watch whose resourceVersion was compacted away (410 Gone)', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let backend: ResilienceBackend;
  let repoUrl: string;
  let namespace: string;
  let shas: string[] = [];

  beforeAll(async () => {
    ({ env, git, repoUrl, shas } = await startClusterAndGit({
      ids: IDS,
      commits: 2,
      apiserverArgs: ['--watch-cache=false'],
    }));
    namespace = await env.createNamespace();
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  const app = (id: string, sha: number, minute: number) =>
    argoApp({
      namespace,
      id,
      repoUrl,
      syncs: [{ revision: shas[sha], at: `2026-12-01T10:0${minute}:00Z` }],
    });

  it('re-lists, keeps every view as it was, and watches on from the new list', async () => {
    await env.apply(app('alpha', 0, 0));
    await env.apply(app('bravo', 1, 1));
    await env.apply(app('charlie', 0, 2));
    backend = await startResilienceBackend({
      clusters: [
        clusterEntry(env, 'prod', { watchTimeoutSeconds: WATCH_TIMEOUT_S }),
      ],
      entities: IDS.map(component),
      gitHost: new URL(git.url).host,
    });
    await backend.waitUntilBuilt();
    await waitFor(
      'every view built from the cluster',
      async () =>
        (await backend.answer('charlie')).deployments[0]?.deployedRevision ===
        shas[0],
      { timeoutMs: 30_000 },
    );
    const answersBefore = await Promise.all(
      IDS.map(async id => comparable(await backend.answer(id))),
    );
    // A build's events reach the ledger in the next write (up to 100 ms
    // later); its first sight's drift event comes with the others.
    const started = backend;
    await Promise.all(
      IDS.map(id =>
        waitFor(
          `${id}'s first events in the ledger`,
          async () =>
            (await started.ledger(id)).some(e => e.transition === 'drift'),
          { timeoutMs: 10_000 },
        ),
      ),
    );
    const ledgerBefore = await Promise.all(IDS.map(id => backend.ledger(id)));
    const before = await backend.clusters();
    const relists = () =>
      backend.logs.filter(l =>
        /Cluster prod: Application: watch expired \(410 Gone\); listing again/.test(
          l,
        ),
      ).length;
    expect(relists()).toBe(0);

    // Newer revisions elsewhere (a watch from version v reads from v + 1,
    // so two), then etcd forgets everything before them.
    await env.createNamespace();
    await env.createNamespace();
    const logsBefore = backend.logs.length;
    const compactedTo = await env.compactEtcd();
    const compactedAt = Date.now();
    await waitFor(
      'the Application watch to re-list after 410',
      async () => relists() > 0,
      {
        // A quiet watch re-opens within the bound plus a request deadline.
        timeoutMs: (WATCH_TIMEOUT_S + 2) * 1000 + 10_000,
        intervalMs: 50,
      },
    );
    const relistedMs = Date.now() - compactedAt;
    // eslint-disable-next-line no-console
    console.log(
      `etcd compacted to revision ${compactedTo}; the Application watch got 410 and re-listed ${relistedMs} ms later`,
    );

    // Nothing changed, so nothing moved: answers, builds, ledger.
    const after = await backend.clusters();
    expect(after.clusters[0]).toMatchObject({ reachable: true, synced: true });
    expect(after.clusters[0].kinds['argocd-application']).toBe('watching');
    expect(after.clusters[0].requests).toBeGreaterThan(
      before.clusters[0].requests,
    );
    expect(after.views!.builds).toBe(before.views!.builds);
    for (const [i, id] of IDS.entries()) {
      expect(comparable(await backend.answer(id))).toEqual(answersBefore[i]);
      expect(await backend.ledger(id)).toEqual(ledgerBefore[i]);
    }
    // The 410 is routine: no warning, no error shown for the cluster.
    expect(after.clusters[0].lastError).toBeUndefined();
    expect(
      backend.logs
        .slice(logsBefore)
        .filter(l => /^warn .*cannot list\/watch/.test(l)),
    ).toEqual([]);

    // The watch goes on from the new list: a change arrives through it.
    await env.apply(app('alpha', 1, 3));
    await waitFor(
      'the change after the re-list',
      async () =>
        (await backend.answer('alpha')).deployments[0]?.deployedRevision ===
        shas[1],
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  });
});
