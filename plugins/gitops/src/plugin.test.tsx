import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { gitopsApiRef } from './api/GitOpsApi';
import {
  annotatedEntity,
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  fleetDeployment,
  fleetResponse,
} from './__testUtils__/fixtures';
import { ALLOWED, actionRecord } from './__testUtils__/actionFixtures';
import {
  EntityGitOpsContent,
  EntityGitOpsDeploymentsCard,
  EntityGitOpsDriftWarning,
  GitOpsFleetPage,
  gitopsPlugin,
} from './plugin';
import { entityContentRouteRef, fleetPageRouteRef } from './routes';

const api = fakeGitOpsApi({
  getEntityDeployments: async () =>
    deploymentsResponse([
      deployment({ environment: 'staging' }),
      deploymentIn('failing'),
    ]),
  getClusters: async () => ({ observedAt: '', clusters: [] }),
  queryFleet: async () =>
    fleetResponse([fleetDeployment(deploymentIn('failing'))]),
  getActionPermissions: async () => ALLOWED,
  listActions: async () => ({ items: [actionRecord()] }),
});

/** Renders a legacy extension; routable ones go in a route, as apps mount them. */
function renderLegacy(
  element: ReactElement,
  options: { routable?: boolean } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        {options.routable ? (
          <Routes>
            <Route path="/*" element={element} />
          </Routes>
        ) : (
          element
        )}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('legacy frontend system exports', () => {
  it('is the gitops plugin with its tab and fleet routes', () => {
    expect(gitopsPlugin.getId()).toBe('gitops');
    expect(gitopsPlugin.routes).toEqual({
      entityContent: entityContentRouteRef,
      fleet: fleetPageRouteRef,
    });
  });

  it('renders the deployments card', async () => {
    await renderLegacy(<EntityGitOpsDeploymentsCard />);
    expect(
      await screen.findByRole('region', { name: 'production deployment' }),
    ).toBeInTheDocument();
  });

  it('renders the drift warning', async () => {
    await renderLegacy(<EntityGitOpsDriftWarning />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'production: Failing',
    );
  });

  it('renders the tab, with its actions', async () => {
    await renderLegacy(<EntityGitOpsContent />, { routable: true });
    expect(
      await screen.findByRole('table', { name: 'Deployments by environment' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Actions' }),
    ).toHaveTextContent('the TTL change broke checkout');
    expect(screen.getAllByRole('button', { name: 'Refresh' })).toHaveLength(2);
  });

  it('renders the fleet page with its own header', async () => {
    await renderLegacy(<GitOpsFleetPage />, { routable: true });
    expect(
      await screen.findByRole('heading', { name: 'GitOps', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('1 deployment')).toBeInTheDocument();
  });
});
