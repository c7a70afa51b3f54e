import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import { ledgerDeployment } from '../ledger/__testUtils__/ledgerDeployment';
import { recordWatchedRepositories } from './deploymentBuilder';
import { DeploymentViews } from './DeploymentViews';
import { toLocatable } from './ResourceMatcher';

const repo = 'https://git.example.com/acme/deploy';

const object = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'web',
    namespace: 'argocd',
    labels: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: { source: { repoURL: repo, path: 'apps/a' } },
} as unknown as KubeObject;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

function built(path: string): Deployment {
  const deployment = ledgerDeployment({
    id: 'prod/argocd/argocd-application/web',
    name: 'web',
    sources: [
      {
        type: 'git',
        repoURL: repo,
        path,
        renderInputs: { paths: [path], external: [] },
        pendingCommits: [],
        pendingTruncated: false,
      },
    ],
  });
  return recordWatchedRepositories(deployment, new Map([[repo, [path]]]));
}

describe('a repository change while a deployment is being built', () => {
  it('builds it again after the running build, which may have read the old line', async () => {
    let path = 'apps/a';
    let gate: Promise<void> | undefined;
    const views = new DeploymentViews({
      logger: mockServices.logger.mock(),
      object: () => object,
      build: async () => {
        const reading = path;
        if (gate) await gate;
        return built(reading);
      },
      answerInputs: {
        unreadableClusters: () => [],
        gitStaleness: () => undefined,
        signalChannel: ref => `gitops:test:${ref}`,
      },
    });
    const resource = toLocatable('prod', 'argocd-application', object);
    views.upsertEntity('component:default/web', entity);
    views.resourceChanged(resource, true);
    views.open();
    await views.idle();
    expect(views.stats().builds).toBe(1);

    // Settled, and a push elsewhere: not rebuilt.
    views.repositoryChanged(repo, { paths: ['apps/b/x.yaml'] });
    await views.idle();
    expect(views.stats()).toMatchObject({ builds: 1, buildsSkipped: 1 });

    // The CR now names apps/b; its build is running when apps/b changes.
    path = 'apps/b';
    let release = () => {};
    gate = new Promise<void>(r => (release = r));
    views.resourceChanged(resource, true);
    for (let i = 0; i < 100 && views.stats().builds < 2; i++) {
      await new Promise(r => setImmediate(r));
    }
    expect(views.stats().builds).toBe(2);
    views.repositoryChanged(repo, { paths: ['apps/b/x.yaml'] });
    gate = undefined;
    release();
    await views.idle();
    expect(views.stats()).toMatchObject({ builds: 3, buildsSkipped: 1 });
    views.close();
  });
});
