import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { GitOpsApi, gitopsApiRef } from '../../api/GitOpsApi';
import { GitOpsTab } from './GitOpsTab';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory',
    annotations: {
      'argocd/app-name': 'inventory-staging,inventory-production',
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
  spec: {},
};

function renderTab(api: GitOpsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <GitOpsTab />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('GitOpsTab', () => {
  it("shows the backend's answer and the entity's GitOps annotations", async () => {
    await renderTab({
      getHealth: async () => ({
        status: 'ok',
        version: '1.2.3',
        clusters: ['staging', 'production'],
      }),
    });
    expect(await screen.findByText('1.2.3')).toBeInTheDocument();
    expect(screen.getByText('staging, production')).toBeInTheDocument();
    expect(
      screen.getByText('inventory-staging,inventory-production'),
    ).toBeInTheDocument();
    expect(screen.getByText('argocd/app-name')).toBeInTheDocument();
    expect(screen.queryByText('dir:.')).not.toBeInTheDocument();
  });

  it('explains an empty cluster list', async () => {
    await renderTab({
      getHealth: async () => ({
        status: 'ok',
        version: '1.2.3',
        clusters: [],
        message: 'No clusters are configured.',
      }),
    });
    expect(
      await screen.findByText('No clusters are configured.'),
    ).toBeInTheDocument();
  });

  it('shows a backend failure as an error panel, not a stack trace', async () => {
    await renderTab({
      getHealth: async () => {
        throw new Error('backend unreachable');
      },
    });
    expect(
      await screen.findByText(/Could not reach the GitOps backend/),
    ).toBeInTheDocument();
    expect(screen.getByText('backend unreachable')).toBeInTheDocument();
    expect(screen.queryByText(/at .*\.tsx?:\d+/)).not.toBeInTheDocument();
  });
});
