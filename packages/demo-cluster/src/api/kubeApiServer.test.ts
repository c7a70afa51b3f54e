import {
  APPLICATIONS,
  KUSTOMIZATIONS,
  application,
  kustomization,
  startApiFixture,
} from '../__testUtils__/apiFixture';

describe('the Kubernetes API of the demo cluster', () => {
  let fixture: Awaited<ReturnType<typeof startApiFixture>>;

  beforeAll(async () => {
    fixture = await startApiFixture();
  });
  afterAll(() => fixture.server.close());

  const expectStatus = (body: any, code: number, reason: string) =>
    expect(body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code,
      reason,
    });

  describe('authentication and authorisation', () => {
    it('answers a request without a token with 401 Unauthorized', async () => {
      const { status, body } = await fixture.call(
        'GET',
        APPLICATIONS,
        undefined,
        { token: null },
      );
      expect(status).toBe(401);
      expectStatus(body, 401, 'Unauthorized');
    });

    it('answers a wrong token with 401 Unauthorized', async () => {
      const { status, body } = await fixture.call(
        'GET',
        APPLICATIONS,
        undefined,
        { token: 'not-the-token' },
      );
      expect(status).toBe(401);
      expectStatus(body, 401, 'Unauthorized');
    });

    it('forbids writes to a read-only token with 403 Forbidden', async () => {
      const { status, body } = await fixture.call(
        'POST',
        APPLICATIONS,
        application('denied'),
        { token: 'demo-viewer-token' },
      );
      expect(status).toBe(403);
      expectStatus(body, 403, 'Forbidden');
      expect(body.message).toBe(
        'applications.argoproj.io is forbidden: User "demo-viewer" cannot create resource "applications" in API group "argoproj.io" in the namespace "argocd"',
      );
      expect(
        (
          await fixture.call('GET', APPLICATIONS, undefined, {
            token: 'demo-viewer-token',
          })
        ).status,
      ).toBe(200);
    });

    it('keeps /version public, like a default API server', async () => {
      const { status, body } = await fixture.call(
        'GET',
        '/version',
        undefined,
        { token: null },
      );
      expect(status).toBe(200);
      expect(body.major).toBe('1');
    });
  });

  describe('discovery', () => {
    it('lists the API groups and the resources of a group version', async () => {
      const groups = await fixture.call('GET', '/apis');
      expect(groups.body.groups.map((g: any) => g.name)).toEqual(
        expect.arrayContaining([
          'argoproj.io',
          'kustomize.toolkit.fluxcd.io',
          'helm.toolkit.fluxcd.io',
          'source.toolkit.fluxcd.io',
        ]),
      );
      const argo = await fixture.call('GET', '/apis/argoproj.io/v1alpha1');
      const names = argo.body.resources.map((r: any) => r.name);
      expect(names).toContain('applications');
      // Application declares no status subresource, so none is served.
      expect(names).not.toContain('applications/status');
      const flux = await fixture.call(
        'GET',
        '/apis/kustomize.toolkit.fluxcd.io/v1',
      );
      expect(flux.body.resources.map((r: any) => r.name)).toEqual([
        'kustomizations',
        'kustomizations/status',
      ]);
    });

    it('answers an unknown resource with a 404 Status', async () => {
      for (const path of [
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/rollouts',
        '/apis/example.com/v1/widgets',
        '/apis/argoproj.io/v9',
      ]) {
        const { status, body } = await fixture.call('GET', path);
        expect(status).toBe(404);
        expectStatus(body, 404, 'NotFound');
      }
    });

    it('serves /status only where the CRD declares the subresource', async () => {
      await fixture.call('POST', APPLICATIONS, application('no-status'));
      const { status } = await fixture.call(
        'GET',
        `${APPLICATIONS}/no-status/status`,
      );
      expect(status).toBe(404);
    });
  });

  describe('writes', () => {
    it('creates an object with server-set metadata and schema defaults', async () => {
      const { status, body } = await fixture.call(
        'POST',
        KUSTOMIZATIONS,
        kustomization('created'),
      );
      expect(status).toBe(201);
      expect(body.metadata).toMatchObject({
        name: 'created',
        namespace: 'flux-system',
        generation: 1,
      });
      expect(body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(body.status).toEqual({ observedGeneration: -1 });
    });

    it('answers a second create with 409 AlreadyExists', async () => {
      const { status, body } = await fixture.call(
        'POST',
        KUSTOMIZATIONS,
        kustomization('created'),
      );
      expect(status).toBe(409);
      expectStatus(body, 409, 'AlreadyExists');
    });

    it('rejects a merge patch that breaks the schema with 422 Invalid and the field', async () => {
      const { status, body } = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { spec: { suspend: 'yes', interval: 'soon' } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(status).toBe(422);
      expectStatus(body, 422, 'Invalid');
      expect(body.details).toMatchObject({
        name: 'created',
        group: 'kustomize.toolkit.fluxcd.io',
        kind: 'Kustomization',
      });
      expect(body.details.causes.map((c: any) => c.field)).toEqual([
        'spec.interval',
        'spec.suspend',
        '<nil>',
      ]);
    });

    it('rejects a JSON patch that removes a required field with 422', async () => {
      const { status, body } = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        [{ op: 'remove', path: '/spec/sourceRef' }],
        { contentType: 'application/json-patch+json' },
      );
      expect(status).toBe(422);
      expect(body.details.causes[0]).toEqual({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.sourceRef',
      });
      // As on a real API server: with schema errors, the CEL rules were not run.
      expect(body.details.causes[1].field).toBe('<nil>');
    });

    it("checks the CRDs' CEL rules", async () => {
      const release = {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'no-chart' },
        spec: { interval: '5m' },
      };
      const { status, body } = await fixture.call(
        'POST',
        '/apis/helm.toolkit.fluxcd.io/v2/namespaces/default/helmreleases',
        release,
      );
      expect(status).toBe(422);
      expect(body.message).toContain('either chart or chartRef must be set');
    });

    it('applies merge and JSON patches, bumps generation on spec changes only', async () => {
      const merged = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { spec: { suspend: true } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(merged.status).toBe(200);
      expect(merged.body.spec.suspend).toBe(true);
      expect(merged.body.metadata.generation).toBe(2);
      const labelled = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        [{ op: 'add', path: '/metadata/labels/team', value: 'payments' }],
        { contentType: 'application/json-patch+json' },
      );
      expect(labelled.body.metadata.labels.team).toBe('payments');
      expect(labelled.body.metadata.generation).toBe(2);
      // A patch that changes nothing keeps the resourceVersion.
      const again = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { spec: { suspend: true } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(again.body.metadata.resourceVersion).toBe(
        labelled.body.metadata.resourceVersion,
      );
    });

    it('keeps status out of main-resource writes when a status subresource exists', async () => {
      const patched = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { status: { lastAppliedRevision: 'x' } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(patched.body.status.lastAppliedRevision).toBeUndefined();
      const viaStatus = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created/status`,
        {
          status: { lastAppliedRevision: 'main@sha1:abc' },
          spec: { suspend: false },
        },
        { contentType: 'application/merge-patch+json' },
      );
      expect(viaStatus.body.status.lastAppliedRevision).toBe('main@sha1:abc');
      expect(viaStatus.body.spec.suspend).toBe(true);
    });

    it("writes an Application's status with the object, as it has no status subresource", async () => {
      const patched = await fixture.call(
        'PATCH',
        `${APPLICATIONS}/no-status`,
        { status: { sync: { status: 'Synced', revision: 'abc' } } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(patched.status).toBe(200);
      expect(patched.body.status.sync.status).toBe('Synced');
      expect(patched.body.metadata.generation).toBe(2);
    });

    it('answers an update with a stale resourceVersion with 409 Conflict', async () => {
      const current = (await fixture.call('GET', `${KUSTOMIZATIONS}/created`))
        .body;
      await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { spec: { interval: '7m' } },
        { contentType: 'application/merge-patch+json' },
      );
      const { status, body } = await fixture.call(
        'PUT',
        `${KUSTOMIZATIONS}/created`,
        current,
      );
      expect(status).toBe(409);
      expectStatus(body, 409, 'Conflict');
      const stalePatch = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        {
          metadata: { resourceVersion: current.metadata.resourceVersion },
          spec: { interval: '8m' },
        },
        { contentType: 'application/merge-patch+json' },
      );
      expect(stalePatch.status).toBe(409);
    });

    it('refuses strategic merge patch on a custom resource with 415', async () => {
      const { status, body } = await fixture.call(
        'PATCH',
        `${KUSTOMIZATIONS}/created`,
        { spec: {} },
        { contentType: 'application/strategic-merge-patch+json' },
      );
      expect(status).toBe(415);
      expectStatus(body, 415, 'UnsupportedMediaType');
    });

    it('answers a missing object with 404 NotFound naming it', async () => {
      const { status, body } = await fixture.call(
        'GET',
        `${KUSTOMIZATIONS}/missing`,
      );
      expect(status).toBe(404);
      expectStatus(body, 404, 'NotFound');
      expect(body.message).toBe(
        'kustomizations.kustomize.toolkit.fluxcd.io "missing" not found',
      );
    });

    it('warns about unknown fields, and rejects them under strict field validation', async () => {
      const warned = await fixture.call('POST', KUSTOMIZATIONS, {
        ...kustomization('warned'),
        spec: { ...kustomization('x').spec, bogus: 1 },
      });
      expect(warned.status).toBe(201);
      expect(warned.headers.get('warning')).toContain(
        'unknown field \\"spec.bogus\\"',
      );
      expect(warned.body.spec.bogus).toBeUndefined();
      const strict = await fixture.call(
        'POST',
        `${KUSTOMIZATIONS}?fieldValidation=Strict`,
        {
          ...kustomization('strict'),
          spec: { ...kustomization('x').spec, bogus: 1 },
        },
      );
      expect(strict.status).toBe(400);
    });

    it('deletes an object with a Success Status', async () => {
      await fixture.call('POST', KUSTOMIZATIONS, kustomization('doomed'));
      const { status, body } = await fixture.call(
        'DELETE',
        `${KUSTOMIZATIONS}/doomed`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'doomed', kind: 'kustomizations' },
      });
      expect(
        (await fixture.call('GET', `${KUSTOMIZATIONS}/doomed`)).status,
      ).toBe(404);
    });
  });

  describe('lists', () => {
    it('filters by label selector and field selector, across namespaces', async () => {
      await fixture.call(
        'POST',
        APPLICATIONS,
        application('a-staging', {
          'app.kubernetes.io/part-of': 'checkout',
          env: 'staging',
        }),
      );
      await fixture.call(
        'POST',
        APPLICATIONS,
        application('a-production', {
          'app.kubernetes.io/part-of': 'checkout',
          env: 'production',
        }),
      );
      const names = async (query: string) =>
        (
          await fixture.call(
            'GET',
            `/apis/argoproj.io/v1alpha1/applications?${query}`,
          )
        ).body.items.map((a: any) => a.metadata.name);
      expect(
        await names('labelSelector=app.kubernetes.io/part-of%3Dcheckout'),
      ).toEqual(['a-production', 'a-staging']);
      expect(
        await names(
          'labelSelector=app.kubernetes.io/part-of%3Dcheckout,env!%3Dstaging',
        ),
      ).toEqual(['a-production']);
      expect(await names('labelSelector=env%20in%20(staging,qa)')).toEqual([
        'a-staging',
      ]);
      expect(await names('fieldSelector=metadata.name%3Da-staging')).toEqual([
        'a-staging',
      ]);
      expect(
        (
          await fixture.call(
            'GET',
            `${APPLICATIONS}?labelSelector=%3D%3Dbroken`,
          )
        ).status,
      ).toBe(400);
    });

    it('pages with limit and continue', async () => {
      const first = await fixture.call('GET', `${APPLICATIONS}?limit=2`);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.metadata.continue).toBeTruthy();
      const rest = await fixture.call(
        'GET',
        `${APPLICATIONS}?limit=10&continue=${first.body.metadata.continue}`,
      );
      const all = await fixture.call('GET', APPLICATIONS);
      expect(
        [...first.body.items, ...rest.body.items].map(
          (a: any) => a.metadata.name,
        ),
      ).toEqual(all.body.items.map((a: any) => a.metadata.name));
    });

    it('prints a Table for kubectl', async () => {
      const response = await fetch(`${fixture.base}${APPLICATIONS}`, {
        headers: {
          Authorization: 'Bearer demo-token',
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      });
      const table = await response.json();
      expect(table.kind).toBe('Table');
      expect(table.columnDefinitions.map((c: any) => c.name)).toEqual([
        'Name',
        'Sync Status',
        'Health Status',
        'Revision',
        'Project',
      ]);
      expect(
        table.rows
          .find((r: any) => r.cells[0] === 'no-status')
          .cells.slice(1, 3),
      ).toEqual(['Synced', null]);
    });
  });
});
