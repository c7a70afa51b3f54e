import { mockServices } from '@backstage/backend-test-utils';
import {
  startTestEnvironment,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { ClusterIndex } from './ClusterIndex';
import type { KubeObject } from './kubeObject';
import type { WatchedKindId } from './watchedKinds';
import { buildRecorded } from './__testUtils__/buildRecorded';
import { clusterFor } from './__testUtils__/testClusters';
import demoObjects from './__testUtils__/demoObjects.json';
import {
  realisticApplication,
  realisticFluxSource,
  realisticHelmRelease,
  realisticKustomization,
} from './__testUtils__/realisticResources';

jest.setTimeout(180_000);

/** What a client may not send: the server sets these itself. */
function forApply(object: KubeObject): KubeObject {
  const {
    uid: _u,
    resourceVersion: _r,
    creationTimestamp: _c,
    generation: _g,
    managedFields: _m,
    finalizers: _f,
    ...metadata
  } = object.metadata as KubeObject['metadata'] & Record<string, unknown>;
  return { ...object, metadata };
}

const OBJECTS: KubeObject[] = [
  ...(demoObjects as Array<{ env: string; object: KubeObject }>)
    .filter(o => o.env === 'production')
    .map(o => o.object),
  realisticApplication(1),
  realisticApplication(2, { outOfSync: true }),
  realisticApplication(3, { multiSource: true }),
  realisticKustomization(1),
  realisticKustomization(2, { kind: 'OCIRepository', name: 'fleet-oci' }),
  realisticHelmRelease(1),
  realisticFluxSource('GitRepository', 'fleet'),
  realisticFluxSource('OCIRepository', 'fleet-oci'),
];

const build = (index: ClusterIndex, kind: WatchedKindId, object: KubeObject) =>
  buildRecorded({ cluster: 'real', kind, object, index });

describe('projected objects from a real kube-apiserver', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startTestEnvironment();
    for (const ns of new Set(OBJECTS.map(o => o.metadata.namespace!))) {
      await env.createNamespace(ns);
    }
    for (const object of OBJECTS) {
      const { status, ...rest } = forApply(object) as any;
      await env.apply(rest);
      if (status) await env.setStatus({ ...rest, status });
    }
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('build the same deployments as whole objects, with managedFields as the server writes them', async () => {
    const config = clusterFor(env, 'real');
    const logger = mockServices.logger.mock();
    const whole = new ClusterIndex({
      clusters: [config],
      logger,
      keepWholeObjects: true,
    });
    const projected = new ClusterIndex({ clusters: [config], logger });
    whole.start();
    projected.start();
    try {
      await whole.waitUntilSynced(30_000);
      await projected.waitUntilSynced(30_000);
      const kinds: WatchedKindId[] = [
        'argocd-application',
        'flux-kustomization',
        'flux-helmrelease',
      ];
      let compared = 0;
      for (const kind of kinds) {
        for (const { object } of whole.objects(kind, 'real')) {
          const { namespace, name } = object.metadata;
          // The server adds managedFields; the projection drops them.
          expect(
            (object.metadata as Record<string, unknown>).managedFields,
          ).toBeDefined();
          const kept = projected.get('real', kind, namespace!, name)!;
          expect(kept.metadata).not.toHaveProperty('managedFields');
          const a = await build(whole, kind, object);
          const b = await build(projected, kind, kept);
          expect(b.deployment).toEqual(a.deployment);
          expect(b.calls).toEqual(a.calls);
          compared += 1;
        }
      }
      expect(compared).toBe(OBJECTS.length - 3);
    } finally {
      await whole.stop();
      await projected.stop();
    }
  });
});
