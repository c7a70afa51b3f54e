import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { KubeObject } from '../cluster/kubeObject';
import { ledgerDeployment } from '../ledger/__testUtils__/ledgerDeployment';
import { DeploymentViews } from './DeploymentViews';
import { toLocatable } from './ResourceMatcher';

function application(name: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      labels: { 'backstage.io/kubernetes-id': 'web' },
    },
    spec: { source: { repoURL: 'https://git.example.com/a', path: name } },
  } as unknown as KubeObject;
}

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'web', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

// The counts are kept as views change rather than counted on each call;
// readiness reads them after every answer. Each check reads [entities,
// built, deployments, deployments built].
describe('the counts of built views', () => {
  it('follow answers as entities appear, turn malformed, recover and go', async () => {
    const objects = new Map(
      ['web-eu', 'web-us'].map(name => [name, application(name)]),
    );
    const views = new DeploymentViews({
      logger: mockServices.logger.mock(),
      object: resource => objects.get(resource.name),
      build: async resource =>
        ledgerDeployment({
          id: `prod/argocd/argocd-application/${resource.name}`,
          name: resource.name,
        }),
      answerInputs: {
        unreadableClusters: () => [],
        gitStaleness: () => undefined,
        signalChannel: ref => `gitops:test:${ref}`,
      },
    });
    const counts = () => {
      const { entities, built, deployments, deploymentsBuilt } = views.stats();
      return [entities, built, deployments, deploymentsBuilt];
    };
    const ref = 'component:default/web';
    const good = component({ 'backstage.io/kubernetes-id': 'web' });
    for (const object of objects.values()) {
      views.resourceChanged(
        toLocatable('prod', 'argocd-application', object),
        true,
      );
    }
    views.upsertEntity(ref, good);
    views.open();
    await views.idle();
    expect(counts()).toEqual([1, 1, 2, 2]);

    views.upsertEntity(ref, component({ 'argocd/app-name': ' , ' }));
    await views.idle();
    expect(counts()).toEqual([1, 0, 0, 0]);

    views.upsertEntity(ref, good);
    await views.idle();
    expect(counts()).toEqual([1, 1, 2, 2]);

    views.deleteEntity(ref);
    await views.idle();
    expect(counts()).toEqual([0, 0, 0, 0]);
  });
});
