import type { LedgerEvent } from '@gitops-console/plugin-gitops-common';
import {
  startFaultProxy,
  waitFor,
  type FaultProxy,
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

jest.setTimeout(180_000);

const IDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
/** The CD tool's time of sync number `minute`. */
const at = (minute: number) =>
  `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** Deployed events, oldest first, as `<sha7>@<cd time>`. */
const deployedOf = (events: LedgerEvent[]) =>
  events
    .filter(e => e.transition === 'deployed')
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map(e => `${e.revisionAfter?.slice(0, 7)}@${e.cdTime}`);

/**
 * Issue 15: kube-apiserver killed (SIGKILL) and restarted on the same port,
 * certificates and etcd, mid-watch, with CRs changed right before the kill
 * and right after the restart. The views recover by themselves and equal
 * what a fresh backend and a direct read of the apiserver see; the ledger
 * holds each deployment exactly once, none missed.
 *
 * The backend reaches the apiserver through a fault proxy that resets its
 * connections from the kill until the changes after the restart are
 * written, as when the apiserver is back before the path to it is: so the
 * watchers surely miss those changes and must recover them by re-listing,
 * not by a lucky reconnect before the writes.
 */
describe('the apiserver killed and restarted mid-watch', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let proxy: FaultProxy;
  let repoUrl: string;
  let namespace: string;
  let shas: string[] = [];
  const backends: ResilienceBackend[] = [];

  beforeAll(async () => {
    ({ env, git, repoUrl, shas } = await startClusterAndGit({
      ids: IDS,
      commits: 4,
    }));
    namespace = await env.createNamespace();
    proxy = await startFaultProxy({
      targetHost: '127.0.0.1',
      targetPort: Number(new URL(env.server).port),
    });
  });

  afterAll(async () => {
    for (const backend of backends) await backend.stop();
    await proxy?.close();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  /** The Application of `id` after syncs written `<commit>@<minute>`, e.g. '0@0 1@1'. */
  const app = (id: string, syncs = '0@0') =>
    argoApp({
      namespace,
      id,
      repoUrl,
      syncs: syncs.split(' ').map(s => {
        const [sha, minute] = s.split('@').map(Number);
        return { revision: shas[sha], at: at(minute) };
      }),
    });

  const start = async (url = env.server) => {
    const backend = await startResilienceBackend({
      clusters: [clusterEntry(env, 'prod', { url, watchTimeoutSeconds: 10 })],
      entities: IDS.map(component),
      gitHost: new URL(git.url).host,
    });
    backends.push(backend);
    await backend.waitUntilBuilt();
    return backend;
  };

  const expected: Record<string, string | undefined> = {};
  /** Every entity shows its expected revision, read from a reachable cluster. */
  const matches = async (backend: ResilienceBackend) => {
    for (const id of IDS) {
      const answer = await backend.answer(id);
      const revisions = answer.deployments.map(d => d.deployedRevision);
      if (revisions.join() !== (expected[id] ?? '')) return false;
      if (answer.deployments.some(d => d.drift.state === 'unknown')) {
        return false;
      }
    }
    const { clusters } = await backend.clusters();
    return clusters.every(c => c.reachable && c.synced);
  };

  /** The answers equal a direct read of the apiserver. */
  const expectApiserverState = async (backend: ResilienceBackend) => {
    for (const id of IDS) {
      const stored = await env.get<any>(app(id));
      const answer = await backend.answer(id);
      expect(answer.deployments.map(d => d.deployedRevision)).toEqual(
        stored ? [stored.status.sync.revision] : [],
      );
      expect(answer.deployments.map(d => d.history.length)).toEqual(
        stored ? [stored.status.history.length] : [],
      );
    }
  };

  /** `<sha7>@<cd time>` of commit `i` synced at `minute`. */
  const short = (i: number, minute: number) =>
    `${shas[i].slice(0, 7)}@${at(minute)}`;

  /** Each deployment exactly once, none missed, no event repeated. */
  const expectLedger = async (
    backend: ResilienceBackend,
    expectedDeployed: Record<string, string[]>,
  ) => {
    for (const [id, want] of Object.entries(expectedDeployed)) {
      await waitFor(
        `${id}'s ledger written`,
        async () => deployedOf(await backend.ledger(id)).length >= want.length,
        { timeoutMs: 10_000 },
      ).catch(() => undefined); // the comparison below says what is wrong
      const events = await backend.ledger(id);
      expect(deployedOf(events)).toEqual(want);
      const keys = events.map(e =>
        JSON.stringify([e.transition, e.revisionAfter, e.driftAfter, e.cdTime]),
      );
      expect(new Set(keys).size).toBe(keys.length);
    }
  };

  it('recovers by itself, equals a fresh list, and the ledger has no duplicate and no gap', async () => {
    for (const id of ['alpha', 'bravo', 'charlie', 'delta']) {
      await env.apply(app(id));
      expected[id] = shas[0];
    }
    const backend = await start(`https://${proxy.address}`);
    await waitFor('the first state in every view', () => matches(backend), {
      timeoutMs: 30_000,
    });

    // Right before the kill: written, and maybe not yet delivered.
    await env.apply(app('alpha', '0@0 1@1'));
    await env.apply(app('bravo', '0@0 1@1'));
    await env.delete(app('charlie'));
    const killedAt = Date.now();
    proxy.setFault({ mode: 'reset' });
    await env.restart({ kill: true });
    const restartedAt = Date.now();
    // Right after the restart, before the watchers are back: two syncs of
    // bravo in a row, a sync of delta and a new Application for echo.
    await env.apply(app('bravo', '0@0 1@1 2@2'));
    await env.apply(app('bravo', '0@0 1@1 2@2 3@3'));
    await env.apply(app('delta', '0@0 1@4'));
    await env.apply(app('echo', '0@0 2@5'));
    Object.assign(expected, {
      alpha: shas[1],
      bravo: shas[3],
      charlie: undefined,
      delta: shas[1],
      echo: shas[2],
    });
    const { clusters: during } = await backend.clusters();
    expect(during[0].reachable).toBe(false);
    proxy.setFault({ mode: 'pass' });
    const reopenedAt = Date.now();

    await waitFor('the views recovered', () => matches(backend), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const recovered = Date.now();
    // eslint-disable-next-line no-console
    console.log(
      `apiserver killed and restarted in ${
        restartedAt - killedAt
      } ms; views recovered ${
        recovered - reopenedAt
      } ms after the path to it opened (${
        recovered - killedAt
      } ms after the kill)`,
    );
    // Within the watchers' capped backoff (5 s), a probe and a re-list.
    expect(recovered - reopenedAt).toBeLessThan(10_000);

    // The answers equal a direct read of the apiserver...
    await expectApiserverState(backend);
    // ...and what a backend that never saw the outage lists.
    const fresh = await start();
    await waitFor('the fresh backend in the same state', () => matches(fresh), {
      timeoutMs: 30_000,
    });
    for (const id of IDS) {
      expect(comparable(await backend.answer(id))).toEqual(
        comparable(await fresh.answer(id)),
      );
    }

    // Each deployment exactly once: bravo's sync to change 2, replaced by
    // change 3 before the re-list, is not missed; nothing is repeated.
    await expectLedger(backend, {
      alpha: [short(0, 0), short(1, 1)],
      bravo: [short(0, 0), short(1, 1), short(2, 2), short(3, 3)],
      delta: [short(0, 0), short(1, 4)],
      echo: [short(0, 0), short(2, 5)],
    });
  });

  it('recovers from a plain kill and restart too, connected directly', async () => {
    // The state the first test left, on a backend of its own.
    const backend = await start();
    await waitFor('the state so far', () => matches(backend), {
      timeoutMs: 30_000,
    });
    await env.apply(app('alpha', '0@0 1@1 2@6'));
    await env.apply(app('delta', '0@0 1@4 2@7'));
    const killedAt = Date.now();
    await env.restart({ kill: true });
    const restartedAt = Date.now();
    await env.apply(app('alpha', '0@0 1@1 2@6 3@8'));
    await env.apply(app('echo', '0@0 2@5 3@9'));
    Object.assign(expected, { alpha: shas[3], delta: shas[2], echo: shas[3] });
    await waitFor('the views recovered', () => matches(backend), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const recovered = Date.now();
    // eslint-disable-next-line no-console
    console.log(
      `apiserver killed and restarted in ${
        restartedAt - killedAt
      } ms; views recovered ${recovered - restartedAt} ms after it was ready`,
    );
    expect(recovered - restartedAt).toBeLessThan(10_000);
    await expectApiserverState(backend);
    // Seeded at its start from the CR history, then each sync once.
    await expectLedger(backend, {
      alpha: [short(0, 0), short(1, 1), short(2, 6), short(3, 8)],
      bravo: [short(0, 0), short(1, 1), short(2, 2), short(3, 3)],
      delta: [short(0, 0), short(1, 4), short(2, 7)],
      echo: [short(0, 0), short(2, 5), short(3, 9)],
    });
  });
});
