import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import {
  ConformanceTarget,
  TargetFactory,
  clientConfig,
  rawRequest,
  watchStream,
} from './conformanceTarget';

/*
 * The read and watch behaviour the GitOps plugin relies on, as scenarios
 * that run unchanged against the demo cluster and against a real
 * kube-apiserver. Each target has its own test file; both must pass, so the
 * demo cannot silently drift from Kubernetes.
 */

const ARGO = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'applications',
};
const FLUX = {
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  plural: 'kustomizations',
};
const MERGE = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.MergePatch,
);
const JSON_PATCH = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.JsonPatch,
);

function application(name: string, labels: Record<string, string>) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, labels },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/deploy.git',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
    },
  };
}

function kustomization(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, labels },
    spec: {
      interval: '10m',
      path: './apps',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
    },
  };
}

const rv = (o: any) => Number(o.metadata.resourceVersion);

// eslint-disable-next-line jest/no-export -- defined once, run by one test file per target
export function describeConformance(title: string, startTarget: TargetFactory) {
  describe(`Kubernetes API conformance: ${title}`, () => {
    let target: ConformanceTarget;
    let api: k8s.CustomObjectsApi;
    let ns: string;
    /** A label unique to this run, so cluster-wide lists see only our objects. */
    const run = `run-${randomBytes(3).toString('hex')}`;

    beforeAll(async () => {
      target = await startTarget();
      api = clientConfig(target).makeApiClient(k8s.CustomObjectsApi);
      ns = await target.createNamespace();
      for (const [name, env, part] of [
        ['cart-staging', 'staging', 'checkout'],
        ['cart-production', 'production', 'checkout'],
        ['search-staging', 'staging', 'search'],
      ]) {
        await api.createNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          body: application(name, {
            run,
            env,
            'app.kubernetes.io/part-of': part,
          }),
        });
      }
    });

    afterAll(async () => {
      await target?.stop();
    });

    const names = (list: any) =>
      list.items.map((i: any) => i.metadata.name).sort();

    describe('discovery', () => {
      it('serves the GitOps groups, with a status subresource only where the CRD has one', async () => {
        const groups = await rawRequest(target, 'GET', '/apis');
        expect(groups.status).toBe(200);
        const groupNames = groups.body.groups.map((g: any) => g.name);
        expect(groupNames).toEqual(
          expect.arrayContaining([
            'argoproj.io',
            'kustomize.toolkit.fluxcd.io',
            'helm.toolkit.fluxcd.io',
          ]),
        );
        const argo = await rawRequest(
          target,
          'GET',
          '/apis/argoproj.io/v1alpha1',
        );
        const argoResources = argo.body.resources.map((r: any) => r.name);
        expect(argoResources).toContain('applications');
        expect(argoResources).not.toContain('applications/status');
        const applications = argo.body.resources.find(
          (r: any) => r.name === 'applications',
        );
        expect(applications).toMatchObject({
          kind: 'Application',
          namespaced: true,
          singularName: 'application',
        });
        expect(applications.verbs).toEqual(
          expect.arrayContaining(['get', 'list', 'watch', 'patch']),
        );
        const flux = await rawRequest(
          target,
          'GET',
          '/apis/kustomize.toolkit.fluxcd.io/v1',
        );
        expect(flux.body.resources.map((r: any) => r.name)).toEqual(
          expect.arrayContaining(['kustomizations', 'kustomizations/status']),
        );
      });

      it('answers an unknown resource with 404', async () => {
        // The body differs on purpose: kube-apiserver sends the text "404 page not
        // found"; the demo sends a NotFound Status, which clients read the same way.
        const response = await rawRequest(
          target,
          'GET',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`,
        );
        expect(response.status).toBe(404);
      });
    });

    describe('get and list', () => {
      it('returns a created object with server-set metadata', async () => {
        const app: any = await api.getNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          name: 'cart-staging',
        });
        expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
        expect(app.kind).toBe('Application');
        expect(app.metadata).toMatchObject({
          name: 'cart-staging',
          namespace: ns,
          generation: 1,
        });
        expect(app.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
        expect(app.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(app.metadata.creationTimestamp).toMatch(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
        );
      });

      it("applies schema defaults, such as a Flux object's status", async () => {
        const created: any = await api.createNamespacedCustomObject({
          ...FLUX,
          namespace: ns,
          body: kustomization('defaults'),
        });
        expect(created.status).toEqual({ observedGeneration: -1 });
        expect(created.spec.force).toBe(false);
      });

      it('lists by label selector, in a namespace and across namespaces', async () => {
        const inNs = await api.listNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          labelSelector: 'app.kubernetes.io/part-of=checkout',
        });
        expect(names(inNs)).toEqual(['cart-production', 'cart-staging']);
        const all = await api.listClusterCustomObject({
          ...ARGO,
          labelSelector: `run=${run},env!=production`,
        });
        expect(names(all)).toEqual(['cart-staging', 'search-staging']);
        const set = await api.listClusterCustomObject({
          ...ARGO,
          labelSelector: `run=${run},app.kubernetes.io/part-of in (search,other)`,
        });
        expect(names(set)).toEqual(['search-staging']);
        const notIn = await api.listClusterCustomObject({
          ...ARGO,
          labelSelector: `run=${run},env notin (staging)`,
        });
        expect(names(notIn)).toEqual(['cart-production']);
        const missing = await api.listClusterCustomObject({
          ...ARGO,
          labelSelector: `run=${run},!env`,
        });
        expect(names(missing)).toEqual([]);
        const byName = await api.listNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          fieldSelector: 'metadata.name=search-staging',
        });
        expect(names(byName)).toEqual(['search-staging']);
      });

      it('gives a list a resourceVersion no older than its items', async () => {
        const list: any = await api.listNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
        });
        expect(list.kind).toBe('ApplicationList');
        expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
        for (const item of list.items)
          expect(rv(item)).toBeLessThanOrEqual(
            Number(list.metadata.resourceVersion),
          );
        expect(list.items[0].apiVersion).toBe('argoproj.io/v1alpha1');
      });

      it('answers a missing object with 404 NotFound naming it', async () => {
        const response = await rawRequest(
          target,
          'GET',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/nope`,
        );
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({
          kind: 'Status',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: 'applications.argoproj.io "nope" not found',
          details: { name: 'nope', group: 'argoproj.io', kind: 'applications' },
        });
      });
    });

    describe('writes the plugin makes', () => {
      it('bumps generation for spec changes, not for metadata, and keeps a no-op patch a no-op', async () => {
        const before: any = await api.getNamespacedCustomObject({
          ...FLUX,
          namespace: ns,
          name: 'defaults',
        });
        const suspended: any = await api.patchNamespacedCustomObject(
          {
            ...FLUX,
            namespace: ns,
            name: 'defaults',
            body: { spec: { suspend: true } },
          },
          MERGE,
        );
        expect(suspended.metadata.generation).toBe(
          before.metadata.generation + 1,
        );
        const annotated: any = await api.patchNamespacedCustomObject(
          {
            ...FLUX,
            namespace: ns,
            name: 'defaults',
            body: {
              metadata: {
                annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' },
              },
            },
          },
          MERGE,
        );
        expect(annotated.metadata.generation).toBe(
          suspended.metadata.generation,
        );
        expect(rv(annotated)).toBeGreaterThan(rv(suspended));
        const again: any = await api.patchNamespacedCustomObject(
          {
            ...FLUX,
            namespace: ns,
            name: 'defaults',
            body: { spec: { suspend: true } },
          },
          MERGE,
        );
        expect(again.metadata.resourceVersion).toBe(
          annotated.metadata.resourceVersion,
        );
      });

      it('keeps status out of main-resource writes for Flux, and writes it through /status', async () => {
        const ignored: any = await api.patchNamespacedCustomObject(
          {
            ...FLUX,
            namespace: ns,
            name: 'defaults',
            body: { status: { lastAppliedRevision: 'main@sha1:0' } },
          },
          MERGE,
        );
        expect(ignored.status.lastAppliedRevision).toBeUndefined();
        const written: any = await api.patchNamespacedCustomObjectStatus(
          {
            ...FLUX,
            namespace: ns,
            name: 'defaults',
            body: {
              status: { lastAppliedRevision: 'main@sha1:1' },
              spec: { suspend: false },
            },
          },
          MERGE,
        );
        expect(written.status.lastAppliedRevision).toBe('main@sha1:1');
        expect(written.spec.suspend).toBe(true);
      });

      it("writes an Application's status and operation with the object, and has no /status for it", async () => {
        const patched: any = await api.patchNamespacedCustomObject(
          {
            ...ARGO,
            namespace: ns,
            name: 'search-staging',
            body: {
              operation: {
                sync: { revision: 'abc' },
                initiatedBy: { username: 'someone' },
              },
              status: { sync: { status: 'OutOfSync' } },
            },
          },
          MERGE,
        );
        expect(patched.operation.sync.revision).toBe('abc');
        expect(patched.status.sync.status).toBe('OutOfSync');
        expect(patched.metadata.generation).toBe(2);
        const status = await rawRequest(
          target,
          'GET',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/search-staging/status`,
        );
        expect(status.status).toBe(404);
      });

      it('deletes an object with a Success Status', async () => {
        await api.createNamespacedCustomObject({
          ...FLUX,
          namespace: ns,
          body: kustomization('short-lived'),
        });
        const response = await rawRequest(
          target,
          'DELETE',
          `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations/short-lived`,
        );
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          kind: 'Status',
          status: 'Success',
          details: {
            name: 'short-lived',
            group: 'kustomize.toolkit.fluxcd.io',
            kind: 'kustomizations',
          },
        });
      });

      it('requires the resourceVersion on a full update (422)', async () => {
        const current: any = await api.getNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          name: 'search-staging',
        });
        delete current.metadata.resourceVersion;
        const response = await rawRequest(
          target,
          'PUT',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/search-staging`,
          { body: current },
        );
        expect(response.status).toBe(422);
        expect(response.body.message).toBe(
          'applications.argoproj.io "search-staging" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
        );
      });

      it('applies a JSON patch', async () => {
        const patched: any = await api.patchNamespacedCustomObject(
          {
            ...ARGO,
            namespace: ns,
            name: 'search-staging',
            body: [{ op: 'remove', path: '/operation' }],
          },
          JSON_PATCH,
        );
        expect(patched.operation).toBeUndefined();
      });

      it('rejects a patch that breaks the schema with 422 and the field', async () => {
        const response = await rawRequest(
          target,
          'PATCH',
          `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations/defaults`,
          {
            body: { spec: { suspend: 'yes' } },
            contentType: 'application/merge-patch+json',
          },
        );
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          kind: 'Status',
          reason: 'Invalid',
          code: 422,
          details: {
            name: 'defaults',
            group: 'kustomize.toolkit.fluxcd.io',
            kind: 'Kustomization',
          },
        });
        // Schema errors stop the CEL rules; the server says so in a last cause.
        expect(response.body.details.causes.map((c: any) => c.field)).toEqual([
          'spec.suspend',
          '<nil>',
        ]);
        expect(response.body.details.causes[0]).toEqual({
          reason: 'FieldValueTypeInvalid',
          message:
            'Invalid value: "string": spec.suspend in body must be of type boolean: "string"',
          field: 'spec.suspend',
        });
      });

      it('rejects a stale resourceVersion with 409 Conflict, and a second create with 409 AlreadyExists', async () => {
        const current: any = await api.getNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          name: 'cart-staging',
        });
        await api.patchNamespacedCustomObject(
          {
            ...ARGO,
            namespace: ns,
            name: 'cart-staging',
            body: { metadata: { labels: { touched: 'yes' } } },
          },
          MERGE,
        );
        const stale = await rawRequest(
          target,
          'PATCH',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/cart-staging`,
          {
            body: {
              metadata: { resourceVersion: current.metadata.resourceVersion },
              spec: { project: 'other' },
            },
            contentType: 'application/merge-patch+json',
          },
        );
        expect(stale.status).toBe(409);
        expect(stale.body).toMatchObject({
          kind: 'Status',
          reason: 'Conflict',
          code: 409,
        });
        const again = await rawRequest(
          target,
          'POST',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`,
          {
            body: application('cart-staging', {}),
          },
        );
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({
          kind: 'Status',
          reason: 'AlreadyExists',
          code: 409,
        });
      });
    });

    describe('authentication and authorisation', () => {
      it('answers a wrong token with 401 Unauthorized', async () => {
        const response = await rawRequest(
          target,
          'GET',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`,
          { token: 'wrong' },
        );
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({
          kind: 'Status',
          reason: 'Unauthorized',
          code: 401,
        });
      });

      it('lets a read-only identity list but not patch (403 Forbidden)', async () => {
        const readOnly = clientConfig(
          target,
          target.readOnlyToken,
        ).makeApiClient(k8s.CustomObjectsApi);
        expect(
          names(
            await readOnly.listNamespacedCustomObject({
              ...ARGO,
              namespace: ns,
            }),
          ),
        ).toContain('cart-staging');
        const response = await rawRequest(
          target,
          'PATCH',
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/cart-staging`,
          {
            body: { metadata: { labels: { denied: 'yes' } } },
            contentType: 'application/merge-patch+json',
            token: target.readOnlyToken,
          },
        );
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({
          kind: 'Status',
          reason: 'Forbidden',
          code: 403,
          details: {
            name: 'cart-staging',
            group: 'argoproj.io',
            kind: 'applications',
          },
        });
      });
    });

    describe('watch', () => {
      it("streams ADDED, MODIFIED and DELETED after a list's resourceVersion, to client-node's Watch", async () => {
        const list: any = await api.listNamespacedCustomObject({
          ...FLUX,
          namespace: ns,
        });
        const seen: Array<{
          type: string;
          name: string;
          rv: number;
          labels: any;
        }> = [];
        const watch = new k8s.Watch(clientConfig(target));
        const controller = await watch.watch(
          `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations`,
          {
            resourceVersion: list.metadata.resourceVersion,
            allowWatchBookmarks: true,
          },
          (type, obj: any) => {
            if (type !== 'BOOKMARK')
              seen.push({
                type,
                name: obj.metadata.name,
                rv: rv(obj),
                labels: obj.metadata.labels,
              });
          },
          () => undefined,
        );
        try {
          await api.createNamespacedCustomObject({
            ...FLUX,
            namespace: ns,
            body: kustomization('watched'),
          });
          await api.patchNamespacedCustomObject(
            {
              ...FLUX,
              namespace: ns,
              name: 'watched',
              body: { metadata: { labels: { step: '2' } } },
            },
            MERGE,
          );
          await api.deleteNamespacedCustomObject({
            ...FLUX,
            namespace: ns,
            name: 'watched',
          });
          const deadline = Date.now() + 10_000;
          while (seen.length < 3 && Date.now() < deadline)
            await new Promise(r => setTimeout(r, 50));
        } finally {
          controller.abort();
        }
        expect(seen.map(e => `${e.type} ${e.name}`)).toEqual([
          'ADDED watched',
          'MODIFIED watched',
          'DELETED watched',
        ]);
        expect(seen[1].labels).toEqual({ step: '2' });
        expect(seen[0].rv).toBeGreaterThan(
          Number(list.metadata.resourceVersion),
        );
        expect(seen[1].rv).toBeGreaterThan(seen[0].rv);
        expect(seen[2].rv).toBeGreaterThan(seen[1].rv);
      });

      it('sends the current objects as ADDED to a watch without a resourceVersion', async () => {
        const stream = watchStream(
          target,
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications?watch=1&labelSelector=app.kubernetes.io/part-of%3Dcheckout`,
        );
        try {
          expect(await stream.status).toBe(200);
          const events = await stream.waitFor(2);
          expect(
            events.map(e => `${e.type} ${e.object.metadata.name}`).sort(),
          ).toEqual(['ADDED cart-production', 'ADDED cart-staging']);
        } finally {
          stream.close();
        }
      });

      it('ends initial events with a bookmark when asked to (sendInitialEvents)', async () => {
        const stream = watchStream(
          target,
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=env%3Dproduction`,
        );
        try {
          const events = await stream.waitFor(2);
          expect(events[0]).toMatchObject({
            type: 'ADDED',
            object: { metadata: { name: 'cart-production' } },
          });
          expect(events[1].type).toBe('BOOKMARK');
          expect(events[1].object.metadata.annotations).toEqual({
            'k8s.io/initial-events-end': 'true',
          });
          expect(events[1].object.kind).toBe('Application');
        } finally {
          stream.close();
        }
      });

      it('turns a label change into ADDED and DELETED for a watch with a label selector', async () => {
        const list: any = await api.listNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
        });
        const stream = watchStream(
          target,
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications?watch=1&resourceVersion=${list.metadata.resourceVersion}&labelSelector=tier%3Dgold`,
        );
        try {
          await stream.status;
          await api.patchNamespacedCustomObject(
            {
              ...ARGO,
              namespace: ns,
              name: 'cart-production',
              body: { metadata: { labels: { tier: 'gold' } } },
            },
            MERGE,
          );
          await api.patchNamespacedCustomObject(
            {
              ...ARGO,
              namespace: ns,
              name: 'cart-production',
              body: { metadata: { labels: { tier: null } } },
            },
            MERGE,
          );
          const events = await stream.waitFor(2);
          expect(
            events.map(e => `${e.type} ${e.object.metadata.name}`),
          ).toEqual(['ADDED cart-production', 'DELETED cart-production']);
        } finally {
          stream.close();
        }
      });

      it('answers a too old resourceVersion with an ERROR event carrying 410 Expired', async () => {
        const stream = watchStream(
          target,
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications?watch=1&resourceVersion=1`,
        );
        try {
          expect(await stream.status).toBe(200);
          const [event] = await stream.waitFor(1);
          expect(event.type).toBe('ERROR');
          expect(event.object).toMatchObject({
            kind: 'Status',
            status: 'Failure',
            code: 410,
            reason: 'Expired',
          });
          expect(event.object.message).toMatch(
            /^too old resource version: 1 \(\d+\)$/,
          );
        } finally {
          stream.close();
        }
      });

      it('ends a watch after timeoutSeconds', async () => {
        const started = Date.now();
        const stream = watchStream(
          target,
          `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications?watch=1&timeoutSeconds=1&resourceVersion=0`,
        );
        await stream.ended;
        expect(Date.now() - started).toBeLessThan(5_000);
      });
    });
  });
}
