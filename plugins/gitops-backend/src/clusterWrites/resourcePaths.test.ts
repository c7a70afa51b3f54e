import { listCrdFiles, loadCrds } from '@gitops-console/testkit';
import { apiResourceFor, objectPath } from './resourcePaths';

describe('apiResourceFor', () => {
  const crds = loadCrds(listCrdFiles());

  it.each([
    'Application',
    'Kustomization',
    'HelmRelease',
    'GitRepository',
    'OCIRepository',
    'HelmRepository',
    'HelmChart',
  ])('names %s as its official CRD does', kind => {
    const crd = crds.find(c => c.spec.names.kind === kind);
    const resource = apiResourceFor(kind)!;
    expect(resource.group).toBe(crd.spec.group);
    expect(resource.plural).toBe(crd.spec.names.plural);
    expect(
      crd.spec.versions.some(
        (v: any) => v.name === resource.version && v.served,
      ),
    ).toBe(true);
  });

  it('knows Bucket, and no other kind', () => {
    expect(apiResourceFor('Bucket')).toEqual({
      kind: 'Bucket',
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      plural: 'buckets',
    });
    expect(apiResourceFor('ExternalArtifact')).toBeUndefined();
    expect(apiResourceFor('Deployment')).toBeUndefined();
  });

  it("takes a reference's version only within the kind's own group", () => {
    expect(
      apiResourceFor('GitRepository', 'source.toolkit.fluxcd.io/v1beta2')
        ?.version,
    ).toBe('v1beta2');
    expect(apiResourceFor('GitRepository', 'example.com/v9')?.version).toBe(
      'v1',
    );
  });

  it('builds the object path with its name escaped', () => {
    expect(
      objectPath({
        ...apiResourceFor('Application')!,
        namespace: 'a b',
        name: 'x/y',
      }),
    ).toBe('/apis/argoproj.io/v1alpha1/namespaces/a%20b/applications/x%2Fy');
  });
});
