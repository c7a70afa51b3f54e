import { GitServer } from '../git/gitServer';

/**
 * A small repository to poke at with git and the GitHub facade: two apps
 * under apps/, a few authors and dates, a merge and a tag.
 */
export async function seedDemoRepository(git: GitServer): Promise<string> {
  const repo = await git.createRepository('acme/deployments');
  const alice = { name: 'Alice Example', email: 'alice@example.com' };
  const bob = { name: 'Bob Example', email: 'bob@example.com' };
  await repo.commit({
    message: 'Add inventory and billing',
    files: {
      'apps/inventory/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'apps/inventory/deployment.yaml':
        'image: registry.example.com/inventory:1.0.0\n',
      'apps/billing/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'apps/billing/deployment.yaml':
        'image: registry.example.com/billing:2.3.0\n',
    },
    author: alice,
    date: '2024-05-01T09:00:00Z',
  });
  await repo.tag('v1.0.0', {
    message: 'first release',
    date: '2024-05-01T09:05:00Z',
  });
  await repo.branch('bump-inventory');
  await repo.commit({
    branch: 'bump-inventory',
    message: 'inventory 1.1.0',
    files: {
      'apps/inventory/deployment.yaml':
        'image: registry.example.com/inventory:1.1.0\n',
    },
    author: bob,
    date: '2024-05-02T09:00:00Z',
  });
  await repo.commit({
    message: 'billing 2.4.0',
    files: {
      'apps/billing/deployment.yaml':
        'image: registry.example.com/billing:2.4.0\n',
    },
    author: alice,
    date: '2024-05-03T09:00:00Z',
  });
  await repo.merge({
    from: 'bump-inventory',
    message: 'Merge bump-inventory',
    author: bob,
    date: '2024-05-04T09:00:00Z',
  });
  return repo.fullName;
}
