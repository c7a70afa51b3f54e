import type { GitServer, ScriptedRepository } from '@gitops-console/testkit';

export const alice = { name: 'Alice Admin', email: 'alice@example.com' };
export const bob = { name: 'Bob Builder', email: 'bob@example.com' };
export const carol = { name: 'Carol Coder', email: 'carol@example.com' };

/** The SHAs of {@link createDeployHistory}, named by what they are. */
export interface DeployHistory {
  repo: ScriptedRepository;
  initial: string;
  workerBump: string;
  featureBump: string;
  docs: string;
  mergePr12: string;
  squashPr34: string;
}

/**
 * A GitOps repository with two sibling paths, `apps/inventory` and
 * `apps/inventory-worker`:
 *
 *   initial ─ workerBump ─ docs ───── mergePr12 ─ squashPr34   main (tag v1.0)
 *                 │                    /
 *                 └──── featureBump ──┘                        feature
 *
 * workerBump carries the annotated tag v0.9.
 */
export async function createDeployHistory(
  git: GitServer,
  fullName: string,
): Promise<DeployHistory> {
  const repo = await git.createRepository(fullName);
  const initial = await repo.commit({
    message: 'Initial layout',
    files: {
      'apps/inventory/deployment.yaml': 'image: inventory:1\n',
      'apps/inventory-worker/deployment.yaml': 'image: worker:1\n',
    },
    author: alice,
    date: '2024-01-01T10:00:00Z',
  });
  const workerBump = await repo.commit({
    message: 'Bump worker to 2',
    files: { 'apps/inventory-worker/deployment.yaml': 'image: worker:2\n' },
    author: bob,
    date: '2024-01-02T10:00:00Z',
  });
  await repo.tag('v0.9', {
    message: 'Release 0.9',
    date: '2024-01-02T11:00:00Z',
  });
  await repo.branch('feature', 'main');
  const featureBump = await repo.commit({
    branch: 'feature',
    message: 'Bump inventory to 2\n\nThe new image fixes the cache.',
    files: { 'apps/inventory/deployment.yaml': 'image: inventory:2\n' },
    author: carol,
    date: '2024-01-03T10:00:00Z',
  });
  const docs = await repo.commit({
    message: 'Document the layout',
    files: { 'README.md': '# deploy\n' },
    author: alice,
    date: '2024-01-04T10:00:00Z',
  });
  const mergePr12 = await repo.merge({
    from: 'feature',
    message: 'Merge pull request #12 from acme/feature\n\nBump inventory to 2',
    author: carol,
    date: '2024-01-05T10:00:00Z',
  });
  const squashPr34 = await repo.commit({
    message: 'Bump inventory to 3 (#34)',
    files: { 'apps/inventory/deployment.yaml': 'image: inventory:3\n' },
    author: bob,
    date: '2024-01-06T10:00:00Z',
  });
  await repo.tag('v1.0');
  return {
    repo,
    initial,
    workerBump,
    featureBump,
    docs,
    mergePr12,
    squashPr34,
  };
}
