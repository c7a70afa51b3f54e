import {
  coreExtensionData,
  type ExtensionDefinition,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { gitopsApiRef, type GitOpsApi } from '../api/GitOpsApi';
import { ALLOWED, actionRecord } from '../__testUtils__/actionFixtures';
import {
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  fleetDeployment,
  fleetResponse,
} from '../__testUtils__/fixtures';
import { entityGitOpsContent } from './entityContents';
import { entityGitOpsDeploymentsCard } from './entityDeploymentsCard';
import { entityGitOpsDriftWarning } from './entityDriftWarning';
import { gitopsFleetPage } from './fleetPage';
import { gitopsFrontendPlugin } from './plugin';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'catalog-search', namespace: 'default', annotations },
    spec: {},
  };
}

const annotated = entity({ 'backstage.io/kubernetes-id': 'catalog-search' });

const api = fakeGitOpsApi({
  getEntityDeployments: async () =>
    deploymentsResponse([
      deployment({ environment: 'staging' }),
      deploymentIn('out-of-sync'),
    ]),
  getClusters: async () => ({ observedAt: '', clusters: [] }),
  queryFleet: async () =>
    fleetResponse([fleetDeployment(deploymentIn('out-of-sync'))]),
});

function renderOnEntityPage(
  extension: ExtensionDefinition<any>,
  gitopsApi: GitOpsApi = api,
) {
  const tester = createExtensionTester(extension);
  return renderInTestApp(
    <EntityProvider entity={annotated}>{tester.reactElement()}</EntityProvider>,
    {
      apis: [[gitopsApiRef, gitopsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('gitops frontend plugin', () => {
  it('provides its API, the overview card and banner, the tab and the fleet page', () => {
    expect(gitopsFrontendPlugin.pluginId).toBe('gitops');
    for (const id of [
      'api:gitops',
      'entity-card:gitops/drift-warning',
      'entity-card:gitops/deployments',
      'entity-content:gitops',
      'page:gitops',
    ]) {
      expect(gitopsFrontendPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it.each([
    ['deployments card', entityGitOpsDeploymentsCard],
    ['drift warning', entityGitOpsDriftWarning],
  ])(
    'shows the %s only on annotated entities, among the content cards',
    (_, ext) => {
      const tester = createExtensionTester(
        ext as typeof entityGitOpsDeploymentsCard,
      );
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(annotated)).toBe(true);
      expect(filter(entity({ 'argocd/app-name': 'inventory' }))).toBe(true);
      expect(filter(entity({ 'backstage.io/techdocs-ref': 'dir:.' }))).toBe(
        false,
      );
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
    },
  );

  it('titles the tab GitOps at path gitops and shows it only on annotated entities', () => {
    const tester = createExtensionTester(entityGitOpsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('GitOps');
    expect(tester.get(coreExtensionData.routePath)).toBe('gitops');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('mounts the fleet page at /gitops with a title and icon for the sidebar', () => {
    const tester = createExtensionTester(gitopsFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/gitops');
    expect(tester.get(coreExtensionData.title)).toBe('GitOps');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('renders the deployments card from the backend answer', async () => {
    renderOnEntityPage(entityGitOpsDeploymentsCard);
    expect(await screen.findByText('GitOps deployments')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'production deployment' }),
    ).toBeInTheDocument();
  });

  it('renders the drift warning for the out-of-sync environment', async () => {
    renderOnEntityPage(entityGitOpsDriftWarning);
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('production: Out of sync');
  });

  it('renders the tab with the environments side by side', async () => {
    renderOnEntityPage(entityGitOpsContent);
    expect(
      await screen.findByRole('table', { name: 'Deployments by environment' }),
    ).toBeInTheDocument();
  });

  it('renders the tab’s actions: the buttons the user may use and the Actions table', async () => {
    renderOnEntityPage(entityGitOpsContent, {
      ...api,
      getActionPermissions: async () => ALLOWED,
      listActions: async () => ({ items: [actionRecord()] }),
    });
    const table = await screen.findByRole('table', { name: 'Actions' });
    expect(table).toHaveTextContent('the TTL change broke checkout');
    expect(screen.getAllByRole('button', { name: 'Sync' })).toHaveLength(2);
    expect(
      screen.getAllByRole('button', { name: 'Revert this commit' }).length,
    ).toBeGreaterThan(0);
  });

  it('renders the fleet page with totals per drift state', async () => {
    const tester = createExtensionTester(gitopsFleetPage);
    renderInTestApp(tester.reactElement(), {
      apis: [[gitopsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('group', { name: 'Totals per drift state' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('1 deployment')).toBeInTheDocument();
  });
});
