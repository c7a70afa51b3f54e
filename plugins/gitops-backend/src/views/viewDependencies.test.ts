import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import { laneOfObject, touchedBy } from './viewDependencies';
import type { IndexedResource } from './ResourceMatcher';

const repo = 'https://git.example.com/acme/deploy';

function deployment(sources: Deployment['sources']): Deployment {
  return { sources } as Deployment;
}

describe('touchedBy', () => {
  it('matches changed files at or under the render inputs of a source in that repository', () => {
    const d = deployment([
      {
        type: 'git',
        repoURL: `${repo}.git`,
        path: 'apps/web/prod',
        renderInputs: { paths: ['apps/web/prod', 'bases/web'], external: [] },
        pendingCommits: [],
        pendingTruncated: false,
      },
    ]);
    expect(touchedBy(d, repo, ['bases/web/deployment.yaml'])).toBe(true);
    expect(touchedBy(d, repo, ['apps/web/prod'])).toBe(true);
    expect(touchedBy(d, repo, ['apps/web/production/x.yaml'])).toBe(false);
    expect(touchedBy(d, repo, ['apps/api/prod/x.yaml'])).toBe(false);
    expect(
      touchedBy(d, 'https://git.example.com/acme/other', ['bases/web/a']),
    ).toBe(false);
  });

  it('falls back to the source path, and a root path is touched by anything', () => {
    const source = (path?: string) =>
      deployment([
        {
          type: 'git',
          repoURL: repo,
          path,
          pendingCommits: [],
          pendingTruncated: false,
        },
      ]);
    expect(touchedBy(source('./apps/web/'), repo, ['apps/web/k.yaml'])).toBe(
      true,
    );
    expect(touchedBy(source('apps/web'), repo, ['apps/api/k.yaml'])).toBe(
      false,
    );
    expect(touchedBy(source(undefined), repo, ['README.md'])).toBe(true);
    expect(touchedBy(source('../escape'), repo, ['README.md'])).toBe(false);
  });
});

describe('laneOfObject', () => {
  const resource = (kind: IndexedResource['kind']): IndexedResource => ({
    key: 'k',
    cluster: 'prod',
    kind,
    namespace: 'apps',
    name: 'web',
  });

  it('is the repository of an Application and the source of a Flux object', () => {
    const app = {
      metadata: { name: 'web' },
      spec: { sources: [{ repoURL: `${repo}.git` }] },
    } as unknown as KubeObject;
    expect(laneOfObject(resource('argocd-application'), app)).toBe(repo);
    const ks = {
      metadata: { name: 'web' },
      spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    } as unknown as KubeObject;
    expect(laneOfObject(resource('flux-kustomization'), ks)).toContain(
      'flux-system',
    );
    const bad = {
      metadata: { name: 'web' },
      spec: { source: { repoURL: 'not a url' } },
    } as unknown as KubeObject;
    expect(laneOfObject(resource('argocd-application'), bad)).toBeUndefined();
  });
});
