import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { GitOpsApi, gitopsApiRef } from '../api/GitOpsApi';
import { entityGitOpsContent } from './entityContents';
import { gitopsFrontendPlugin } from './plugin';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'inventory', annotations },
    spec: {},
  };
}

const healthyApi: GitOpsApi = {
  getHealth: async () => ({
    status: 'ok',
    version: '9.9.9',
    clusters: ['demo-staging'],
  }),
};

describe('gitops frontend plugin', () => {
  it('has the id gitops and provides its API and the GitOps tab', () => {
    expect(gitopsFrontendPlugin.pluginId).toBe('gitops');
    expect(gitopsFrontendPlugin.getExtension('api:gitops')).toBeDefined();
    expect(
      gitopsFrontendPlugin.getExtension('entity-content:gitops'),
    ).toBeDefined();
  });

  it('titles the tab GitOps and shows it only on annotated entities', () => {
    const tester = createExtensionTester(entityGitOpsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('GitOps');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'argocd/app-name': 'inventory' }))).toBe(true);
    expect(filter(entity({ 'backstage.io/kubernetes-id': 'inv' }))).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('renders the tab content with the backend answer', async () => {
    const tester = createExtensionTester(entityGitOpsContent);
    await renderInTestApp(
      <EntityProvider entity={entity({ 'argocd/app-name': 'inventory' })}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[gitopsApiRef, healthyApi]] },
    );
    expect(await screen.findByText('9.9.9')).toBeInTheDocument();
    expect(screen.getByText('demo-staging')).toBeInTheDocument();
  });
});
