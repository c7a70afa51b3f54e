import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitopsDeploymentRollbackPermission } from '@gitops-console/plugin-gitops-common';
import { DemoPermissionPolicy } from './permissionPolicy';

describe('DemoPermissionPolicy', () => {
  it('allows GitOps actions for the demo', async () => {
    const policy = new DemoPermissionPolicy();
    await expect(
      policy.handle({ permission: gitopsDeploymentRollbackPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
