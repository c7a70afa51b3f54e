import type { BackstageUserInfo } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
} from '@gitops-console/plugin-gitops-common';
import { DemoPermissionPolicy } from './permissionPolicy';

function userWith(info: BackstageUserInfo): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(info.userEntityRef),
    info,
  };
}

const alice = userWith({
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-storefront'],
});

describe('DemoPermissionPolicy', () => {
  const policy = new DemoPermissionPolicy();

  it.each([
    ['gitops.deployment.rollback', gitopsDeploymentRollbackPermission],
    ['gitops.deployment.sync', gitopsDeploymentSyncPermission],
  ])(
    'answers %s with the catalog owner condition on the caller’s claims',
    async (_name, permission) => {
      await expect(policy.handle({ permission }, alice)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alice', 'group:default/team-storefront'],
          },
        },
      });
    },
  );

  it('uses each caller’s own claims', async () => {
    const carol = userWith({
      userEntityRef: 'user:default/carol',
      ownershipEntityRefs: [
        'user:default/carol',
        'group:default/team-payments',
      ],
    });
    const decision = await policy.handle(
      { permission: gitopsDeploymentSyncPermission },
      carol,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        params: {
          claims: ['user:default/carol', 'group:default/team-payments'],
        },
      },
    });
  });

  it('denies the GitOps actions without a user', async () => {
    for (const permission of [
      gitopsDeploymentRollbackPermission,
      gitopsDeploymentSyncPermission,
    ]) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('denies the GitOps actions to a user with no ownership claims', async () => {
    const nobody = userWith({
      userEntityRef: 'user:default/nobody',
      ownershipEntityRefs: [],
    });
    await expect(
      policy.handle({ permission: gitopsDeploymentRollbackPermission }, nobody),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows everything else, reads and other plugins’ permissions', async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    const scaffolderRun = createPermission({
      name: 'scaffolder.task.create',
      attributes: { action: 'create' },
    });
    for (const permission of [catalogRead, scaffolderRun]) {
      await expect(policy.handle({ permission }, alice)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});
