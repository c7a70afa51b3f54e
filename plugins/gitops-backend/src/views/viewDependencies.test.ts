import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import {
  laneOfObject,
  repositoryChangeFor,
  touchedBy,
  type ViewDependencies,
} from './viewDependencies';
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

describe('repositoryChangeFor', () => {
  const built = deployment([
    {
      type: 'git',
      repoURL: repo,
      path: 'apps/web/prod',
      renderInputs: { paths: ['apps/web/prod'], external: [] },
      pendingCommits: [],
      pendingTruncated: false,
    },
  ]);
  const deps = (watched?: ViewDependencies['watched']): ViewDependencies => ({
    repoKeys: [repo],
    sourceKeys: [],
    ...(watched && { watched }),
  });
  const other = 'https://git.example.com/acme/values';

  it('is urgent for a push touching the render inputs, whatever was recorded', () => {
    for (const d of [deps(), deps(new Map([[repo, 'any' as const]]))]) {
      expect(
        repositoryChangeFor(built, d, repo, {
          paths: ['apps/web/prod/deploy.yaml'],
        }),
      ).toBe('urgent');
    }
  });

  it('is urgent for a push touching inputs at the head the deployed revision lacks', () => {
    const d = deps(new Map([[repo, ['apps/web/prod', 'bases/web']]]));
    expect(
      repositoryChangeFor(built, d, repo, { paths: ['bases/web/a.yaml'] }),
    ).toBe('urgent');
  });

  it('skips a settled view the push does not touch, and a repository it read nothing from', () => {
    const d = deps(new Map([[repo, ['apps/web/prod']]]));
    expect(
      repositoryChangeFor(built, d, repo, { paths: ['apps/api/a.yaml'] }),
    ).toBe('none');
    expect(
      repositoryChangeFor(built, deps(new Map()), other, { paths: ['x.yaml'] }),
    ).toBe('none');
  });

  it('rebuilds in the background what any commit may change, and what was never recorded', () => {
    const any = deps(new Map([[repo, 'any' as const]]));
    expect(
      repositoryChangeFor(built, any, repo, { paths: ['apps/api/a.yaml'] }),
    ).toBe('background');
    expect(
      repositoryChangeFor(built, deps(), repo, { paths: ['apps/api/a.yaml'] }),
    ).toBe('background');
  });

  it('rebuilds everything for a change without files, or a view not built', () => {
    const d = deps(new Map([[repo, ['apps/web/prod']]]));
    expect(repositoryChangeFor(built, d, repo, undefined)).toBe('background');
    expect(repositoryChangeFor(built, d, repo, {})).toBe('background');
    expect(repositoryChangeFor(undefined, d, repo, { paths: ['a.yaml'] })).toBe(
      'background',
    );
  });
});

describe('repositoryChangeFor a CI change', () => {
  const shown = {
    sources: [],
    pendingCommits: [],
    history: [{ revision: 'h1', commit: { sha: 'h1' } }],
    deployedCommit: { sha: 'd1' },
    source: {
      type: 'git',
      repoURL: repo,
      pendingCommits: [{ sha: 'p1' }],
      pendingTruncated: false,
    },
  } as unknown as Deployment;
  const deps: ViewDependencies = { repoKeys: [repo], sourceKeys: [] };

  it('rebuilds the views showing a commit whose CI state changed, and only those', () => {
    for (const sha of ['h1', 'd1', 'p1']) {
      expect(
        repositoryChangeFor(shown, deps, repo, { commits: new Set([sha]) }),
      ).toBe('background');
    }
    expect(
      repositoryChangeFor(shown, deps, repo, { commits: new Set(['x9']) }),
    ).toBe('none');
  });
});
