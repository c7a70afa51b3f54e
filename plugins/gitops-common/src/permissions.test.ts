import { isResourcePermission } from '@backstage/plugin-permission-common';
import { gitopsPermissions } from './permissions';

describe('gitopsPermissions', () => {
  it('are resource permissions on catalog entities with stable names', () => {
    expect(gitopsPermissions.map(p => p.name)).toEqual([
      'gitops.deployment.rollback',
      'gitops.deployment.sync',
    ]);
    for (const permission of gitopsPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });
});
