import type { Deployment } from '@gitops-console/plugin-gitops-common';
import {
  startFaultProxy,
  waitFor,
  type FaultMode,
  type FaultProxy,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import {
  argoApp,
  clusterEntry,
  component,
  percentile,
  startResilienceBackend,
  timeRequests,
  type ResilienceBackend,
} from './__testUtils__/resilienceBackend';
import { startClusterAndGit } from './__testUtils__/clusterAndGit';

jest.setTimeout(150_000);

const WATCH_TIMEOUT_S = 5;
/**
 * What "within the bound" allows on top of watchTimeoutSeconds: one
 * liveness tick (bound / 6, at most 1 s), the view rebuild, and the test's
 * own polling on a loaded machine.
 */
const DETECTION_SLACK_MS = 2500;
const STEADY = ['steady-a', 'steady-b', 'steady-c', 'steady-d'];
const FLAKY = 'flaky-app';

/**
 * Issue 15: a cluster that accepts connections and never answers, and one
 * that answers slowly, put in front of the apiserver by a TCP fault proxy
 * for one `gitops.clusters` entry (`flaky`), while another entry (`steady`,
 * the same apiserver, other namespaces) stays healthy. The healthy
 * entities' answers keep their usual latency, the faulty cluster's
 * deployments turn `unknown` within `watchTimeoutSeconds`, and all of it
 * recovers within 10 s of the cluster answering again.
 */
describe('a cluster that stalls or answers slowly, beside a healthy one', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let proxy: FaultProxy;
  let backend: ResilienceBackend;
  let repoUrl: string;
  let steadyNs: string;
  let flakyNs: string;
  let baselineP95: number;
  let shas: string[] = [];

  beforeAll(async () => {
    ({ env, git, repoUrl, shas } = await startClusterAndGit({
      ids: [...STEADY, FLAKY],
      commits: 3,
    }));
    [steadyNs, flakyNs] = [
      await env.createNamespace(),
      await env.createNamespace(),
    ];
    for (const id of STEADY) await env.apply(app(steadyNs, id, 0));
    await env.apply(app(flakyNs, FLAKY, 0));
    proxy = await startFaultProxy({
      targetHost: '127.0.0.1',
      targetPort: Number(new URL(env.server).port),
    });
    backend = await startResilienceBackend({
      clusters: [
        clusterEntry(env, 'steady', {
          namespaces: [steadyNs],
          watchTimeoutSeconds: WATCH_TIMEOUT_S,
        }),
        clusterEntry(env, 'flaky', {
          url: `https://${proxy.address}`,
          namespaces: [flakyNs],
          watchTimeoutSeconds: WATCH_TIMEOUT_S,
        }),
      ],
      entities: [...STEADY, FLAKY].map(component),
      gitHost: new URL(git.url).host,
    });
    await backend.waitUntilBuilt();
    await waitFor(
      'every deployment read from its cluster',
      async () => (await flakyDeployment())?.deployedRevision === shas[0],
      { timeoutMs: 30_000 },
    );
    // Warm up, then the usual latency of the healthy entities' answers.
    await sampleSteady(20);
    baselineP95 = percentile(await sampleSteady(150), 95);
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  function app(namespace: string, id: string, sha: number) {
    return argoApp({
      namespace,
      id,
      repoUrl,
      syncs: [
        { revision: shas[0], at: '2026-12-01T10:00:00Z' },
        ...(sha > 0
          ? [{ revision: shas[sha], at: `2026-12-01T10:0${sha}:00Z` }]
          : []),
      ],
    });
  }

  async function flakyDeployment(): Promise<Deployment | undefined> {
    return (await backend.answer(FLAKY)).deployments[0];
  }

  /** `n` timed answers of the healthy entities, in turn. */
  async function sampleSteady(n: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = STEADY[i % STEADY.length];
      times.push(
        ...(await timeRequests(
          backend,
          `/entities/default/component/${id}/deployments`,
          1,
        )),
      );
    }
    return times;
  }

  /**
   * Samples the healthy answers while the fault lasts, until `done` holds
   * (checked between samples) and at least `min` were taken; answers the
   * samples and when `done` first held.
   */
  async function sampleUntil(
    what: string,
    done: () => Promise<boolean>,
    options: { timeoutMs: number; min?: number },
  ): Promise<{ times: number[]; doneAt: number }> {
    const deadline = Date.now() + options.timeoutMs;
    const times: number[] = [];
    let doneAt: number | undefined;
    while (doneAt === undefined || times.length < (options.min ?? 150)) {
      times.push(...(await sampleSteady(1)));
      if (doneAt === undefined && (await done())) doneAt = Date.now();
      if (doneAt === undefined && Date.now() > deadline) {
        throw new Error(`timed out after ${options.timeoutMs} ms: ${what}`);
      }
    }
    return { times, doneAt };
  }

  const isUnknown = async () => {
    const d = await flakyDeployment();
    const { clusters } = await backend.clusters();
    return (
      d?.drift.state === 'unknown' &&
      clusters.find(c => c.name === 'flaky')?.reachable === false
    );
  };
  const isBack = async () => {
    const d = await flakyDeployment();
    const { clusters } = await backend.clusters();
    return (
      Boolean(d) &&
      d!.drift.state !== 'unknown' &&
      clusters.every(c => c.reachable)
    );
  };

  /** The healthy answers' p95 during a fault stays near the baseline's. */
  function expectSteadyLatency(label: string, times: number[]) {
    const p95 = percentile(times, 95);
    const allowed = Math.max(3 * baselineP95, baselineP95 + 50);
    // eslint-disable-next-line no-console
    console.log(
      `${label}: healthy answers p95 ${p95.toFixed(1)} ms over ${
        times.length
      } (baseline p95 ${baselineP95.toFixed(1)} ms; allowed ${allowed.toFixed(
        1,
      )} ms)`,
    );
    expect(p95).toBeLessThanOrEqual(allowed);
  }

  /** Applies `fault`, waits for `unknown`, then passes and waits for recovery. */
  async function faultAndRecover(label: string, fault: FaultMode) {
    await waitFor(`${label}: the flaky cluster healthy first`, isBack, {
      timeoutMs: 10_000,
    });
    const before = await flakyDeployment();
    const flakyRequests = async () =>
      (await backend.clusters()).clusters.find(c => c.name === 'flaky')!
        .requests;
    const requestsBefore = await flakyRequests();
    const acceptedBefore = proxy.accepted;
    proxy.setFault(fault);
    const faultAt = Date.now();
    const during = await sampleUntil(
      `${label}: the flaky cluster's deployment unknown`,
      isUnknown,
      { timeoutMs: WATCH_TIMEOUT_S * 1000 + 20_000 },
    );
    const detectedMs = during.doneAt - faultAt;
    // The last known state stays, with the cluster's reason.
    const unknown = await flakyDeployment();
    expect(unknown).toMatchObject({
      deployedRevision: before!.deployedRevision,
      history: before!.history,
    });
    expect(unknown!.drift.reasons.map(r => r.code)).toContain(
      'cluster-unreachable',
    );
    expect((await backend.answer(FLAKY)).stale).toBe(true);
    // The healthy cluster is reachable and its entities untouched.
    const steady = (await backend.clusters()).clusters.find(
      c => c.name === 'steady',
    )!;
    expect(steady.reachable).toBe(true);
    for (const id of STEADY) {
      const answer = await backend.answer(id);
      expect(answer.deployments.map(d => d.drift.state)).not.toContain(
        'unknown',
      );
    }

    // What the watchers sent the faulty cluster meanwhile: one shared probe
    // per retry, not a re-list per watcher.
    const requestsDuring = (await flakyRequests()) - requestsBefore;
    const connectionsDuring = proxy.accepted - acceptedBefore;
    const faultMs = Date.now() - faultAt;
    proxy.setFault({ mode: 'pass' });
    const passAt = Date.now();
    await waitFor(`${label}: the flaky cluster back`, isBack, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    const recoveredMs = Date.now() - passAt;
    // eslint-disable-next-line no-console
    console.log(
      `${label}: unknown ${detectedMs} ms after the fault began (bound ${WATCH_TIMEOUT_S} s); recovered ${recoveredMs} ms after it answered again; ${requestsDuring} requests over ${connectionsDuring} connections to it in the ${faultMs} ms of the fault`,
    );
    expectSteadyLatency(label, during.times);
    // No storm: five watchers and the liveness probe, a few tries each.
    expect(requestsDuring).toBeLessThanOrEqual(
      5 * 4 + Math.ceil(faultMs / 500),
    );
    return { detectedMs, recoveredMs };
  }

  it('accepts and never answers: unknown within the bound, others unaffected, back within 10 s', async () => {
    const { detectedMs, recoveredMs } = await faultAndRecover('stall', {
      mode: 'stall',
    });
    expect(detectedMs).toBeLessThanOrEqual(
      WATCH_TIMEOUT_S * 1000 + DETECTION_SLACK_MS,
    );
    expect(recoveredMs).toBeLessThan(10_000);
  });

  it('answers slowly within its deadlines: stays reachable and its changes still arrive', async () => {
    // About 4 KB/s each way: a TLS handshake and a watch event take a
    // second or so, well inside the 2.5 s request deadline.
    proxy.setFault({ mode: 'throttle', bytesPerSecond: 4096 });
    const slowAt = Date.now();
    await env.apply(app(flakyNs, FLAKY, 1));
    let wentUnknown: string | undefined;
    let arrivedAt: number | undefined;
    const acceptedBefore = proxy.accepted;
    // For longer than a bound, so liveness probes and new connections go
    // through the slow path too.
    const during = await sampleUntil(
      'the change through the slow cluster, and a bound without unknown',
      async () => {
        const d = await flakyDeployment();
        if (d?.drift.state === 'unknown') {
          wentUnknown ??= `after ${Date.now() - slowAt} ms: ${
            d.drift.reasons.find(r => r.code === 'cluster-unreachable')?.message
          }`;
        }
        if (d?.deployedRevision === shas[1]) arrivedAt ??= Date.now();
        return (
          arrivedAt !== undefined &&
          Date.now() - slowAt > (WATCH_TIMEOUT_S + 2) * 1000
        );
      },
      { timeoutMs: 30_000 },
    );
    const connections = proxy.accepted - acceptedBefore;
    // eslint-disable-next-line no-console
    console.log(
      `throttle 4 KB/s: the change arrived ${
        arrivedAt! - slowAt
      } ms after it was written; ${connections} new connections through the slow path in ${
        Date.now() - slowAt
      } ms`,
    );
    expect(wentUnknown).toBeUndefined();
    expect(connections).toBeGreaterThan(0);
    expect(
      (await backend.clusters()).clusters.find(c => c.name === 'flaky')
        ?.reachable,
    ).toBe(true);
    expectSteadyLatency('throttle 4 KB/s', during.times);
    proxy.setFault({ mode: 'pass' });
  });

  it('answers slower than its deadlines: unknown within the bound, back within 10 s', async () => {
    // 64 bytes/s: a TLS handshake alone takes longer than a request deadline.
    const { detectedMs, recoveredMs } = await faultAndRecover(
      'throttle 64 B/s',
      { mode: 'throttle', bytesPerSecond: 64 },
    );
    expect(detectedMs).toBeLessThanOrEqual(
      WATCH_TIMEOUT_S * 1000 + DETECTION_SLACK_MS,
    );
    expect(recoveredMs).toBeLessThan(10_000);
    // And what changed meanwhile is read again.
    await env.apply(app(flakyNs, FLAKY, 2));
    await waitFor(
      'a change after recovery',
      async () => (await flakyDeployment())?.deployedRevision === shas[2],
      { timeoutMs: 10_000, intervalMs: 100 },
    );
  });
});
