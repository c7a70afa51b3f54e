import { mockServices } from '@backstage/backend-test-utils';
import {
  startTestEnvironment,
  waitFor,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { kubeConfigFor } from './kubeConfigFor';
import { KubeHttp } from './kubeHttp';
import type { KubeObject } from './kubeObject';
import { ResourceWatcher } from './ResourceWatcher';
import { WATCHED_KINDS } from './watchedKinds';
import { clusterFor } from './__testUtils__/testClusters';

jest.setTimeout(180_000);

const COUNT = 250;
const NAMESPACE = 'sliced-list';

/**
 * A list page of hundreds of CRs is projected over several turns of the
 * event loop, so a cold start's lists do not stall requests for the whole
 * page.
 */
describe('ResourceWatcher listing a large page', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startTestEnvironment();
    await env.createNamespace(NAMESPACE);
    const server = env;
    const application = (i: number) =>
      server.apply({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: `app-${i}`, namespace: NAMESPACE },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://git.example.com/acme/deploy',
            path: `apps/app-${i}`,
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'apps',
          },
        },
      });
    // 25 at a time: a loaded machine's apiserver answers them in seconds.
    for (let i = 0; i < COUNT; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) => application(i + j)),
      );
    }
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('gives the event loop turns while it projects one page', async () => {
    // A macrotask that runs on every turn, as a request would.
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    const projectedInTurn = new Map<number, number>();
    const watcher = new ResourceWatcher({
      cluster: 'real',
      kind: WATCHED_KINDS.find(k => k.id === 'argocd-application')!,
      http: new KubeHttp(() => kubeConfigFor(clusterFor(env, 'real'))),
      probe: async () => undefined,
      logger: mockServices.logger.mock(),
      onChange: () => {},
      project: (object: KubeObject) => {
        projectedInTurn.set(turn, (projectedInTurn.get(turn) ?? 0) + 1);
        return object;
      },
    });
    setImmediate(tick);
    watcher.start();
    try {
      await waitFor('the list', async () => watcher.status.synced, {
        timeoutMs: 60_000,
        intervalMs: 20,
      });
      ticking = false;
      const perTurn = [...projectedInTurn.values()];
      expect(perTurn.reduce((a, b) => a + b, 0)).toBe(COUNT);
      expect(Math.max(...perTurn)).toBeLessThanOrEqual(100);
      expect(watcher.list()).toHaveLength(COUNT);
    } finally {
      ticking = false;
      await watcher.stop();
    }
  });
});
