import type { GitServer, ScriptedRepository } from '@gitops-console/testkit';

export const OVERLAY = 'apps/checkout/overlays/prod';
export const BASE = 'apps/checkout/base';
export const OTHER = 'apps/other';

/** A deploy repository whose overlay renders a base outside its path. */
export interface RollbackHistory {
  repo: ScriptedRepository;
  /** Initial: replicas 2, image v1. */
  c1: string;
  /** Overlay: replicas 3. */
  c2: string;
  /** Base only (outside the overlay): image v2. */
  c3: string;
  /** Overlay: replicas 4 and a new file; its message names a schema migration. */
  c4: string;
  /** Another app only. */
  c5: string;
}

const date = (day: number) => `2024-03-0${day}T10:00:00Z`;

export async function createRollbackHistory(
  server: GitServer,
  fullName: string,
): Promise<RollbackHistory> {
  const repo = await server.createRepository(fullName);
  const c1 = await repo.commit({
    message: 'checkout: initial',
    date: date(1),
    files: {
      [`${BASE}/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n',
      [`${BASE}/deployment.yaml`]: 'kind: Deployment\nimage: checkout:v1\n',
      [`${OVERLAY}/kustomization.yaml`]:
        'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      [`${OVERLAY}/patch.yaml`]: 'kind: Deployment\nreplicas: 2\n',
      [`${OTHER}/config.yaml`]: 'level: 1\n',
    },
  });
  const c2 = await repo.commit({
    message: 'checkout: three replicas',
    date: date(2),
    files: { [`${OVERLAY}/patch.yaml`]: 'kind: Deployment\nreplicas: 3\n' },
  });
  const c3 = await repo.commit({
    message: 'checkout: image v2',
    date: date(3),
    files: {
      [`${BASE}/deployment.yaml`]: 'kind: Deployment\nimage: checkout:v2\n',
    },
  });
  const c4 = await repo.commit({
    message: 'checkout: four replicas\n\nNeeds the schema migration 42 first.',
    date: date(4),
    files: {
      [`${OVERLAY}/patch.yaml`]: 'kind: Deployment\nreplicas: 4\n',
      [`${OVERLAY}/extra.yaml`]: 'kind: ConfigMap\n',
    },
  });
  const c5 = await repo.commit({
    message: 'other: level 2',
    date: date(5),
    files: { [`${OTHER}/config.yaml`]: 'level: 2\n' },
  });
  return { repo, c1, c2, c3, c4, c5 };
}

/** Every ref of the repository with its SHA, to show nothing was written. */
export async function refsOf(repo: ScriptedRepository): Promise<string> {
  return repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
}

/** The SHA of the tree (or blob) at `path` in `rev`, or '' when absent. */
export async function treeAt(
  repo: ScriptedRepository,
  rev: string,
  path: string,
): Promise<string> {
  const out = await repo.git(['ls-tree', rev, '--', path]);
  return out.trim() ? out.trim().split(/\s+/)[2] : '';
}
