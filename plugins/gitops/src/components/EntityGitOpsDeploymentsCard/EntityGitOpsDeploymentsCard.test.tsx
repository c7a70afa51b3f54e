import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  responseError,
  SHA_DEPLOYED,
  SHA_PENDING,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityGitOpsDeploymentsCard } from './EntityGitOpsDeploymentsCard';

function renderCard(getEntityDeployments: () => Promise<any>) {
  return renderWithEntity(<EntityGitOpsDeploymentsCard />, {
    api: fakeGitOpsApi({ getEntityDeployments }),
  });
}

describe('EntityGitOpsDeploymentsCard', () => {
  it('shows a tile per environment with the deployed commit, sync, health, time, tool and policy', async () => {
    renderCard(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('behind'),
      ]),
    );

    const staging = await screen.findByRole('region', {
      name: 'staging deployment',
    });
    const production = screen.getByRole('region', {
      name: 'production deployment',
    });

    const sha = within(staging).getByRole('link', {
      name: new RegExp(`^commit ${SHA_DEPLOYED.slice(0, 7)}`),
    });
    expect(sha).toHaveAttribute(
      'href',
      `https://git.example.com/storefront/commit/${SHA_DEPLOYED}`,
    );
    expect(
      within(staging).getByText('Raise the stock cache TTL'),
    ).toBeInTheDocument();
    expect(within(staging).getByText('by Alice Moreau')).toBeInTheDocument();
    expect(within(staging).getByText('Synced')).toBeInTheDocument();
    expect(within(staging).getByText('Healthy')).toBeInTheDocument();
    expect(within(staging).getByText('In sync')).toBeInTheDocument();
    expect(within(staging).getByText('Argo CD')).toBeInTheDocument();
    expect(within(staging).getByText('Auto-sync')).toBeInTheDocument();
    expect(
      within(staging).getByRole('link', { name: /^pull request 42/ }),
    ).toBeInTheDocument();

    expect(within(production).getByText('Behind')).toBeInTheDocument();
    expect(within(production).getByText('Manual sync')).toBeInTheDocument();
    expect(
      within(production).getByText('1 commit not deployed'),
    ).toBeInTheDocument();
  });

  it('names the last change to the path when the deployed commit did not touch it', async () => {
    renderCard(async () =>
      deploymentsResponse([deployment({ desiredRevision: SHA_PENDING })]),
    );
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(tile).toHaveTextContent(
      `same content as ${SHA_PENDING.slice(
        0,
        7,
      )}, the last change to this deployment`,
    );
  });

  it('shows the relative last-synced time with the exact time on hover', async () => {
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    renderCard(async () =>
      deploymentsResponse([deployment({ lastSyncedAt: at })]),
    );
    const time = await screen.findByText('5 minutes ago');
    expect(time).toHaveAttribute('dateTime', at);
    fireEvent.mouseOver(time);
    expect(
      await screen.findByText(
        new Date(at).toLocaleString(undefined, {
          dateStyle: 'medium',
          timeStyle: 'long',
        }),
      ),
    ).toBeInTheDocument();
  });

  it('links to the GitOps tab', async () => {
    renderCard(async () => deploymentsResponse([deployment()]));
    expect(
      await screen.findByRole('link', {
        name: /Drift, pending commits and history/,
      }),
    ).toHaveAttribute('href', '/catalog/default/component/inventory/gitops');
  });

  it.each(['Flux', 'Suspended'])(
    'names Flux and its suspension (%s)',
    async text => {
      renderCard(async () => deploymentsResponse([deploymentIn('suspended')]));
      expect((await screen.findAllByText(text)).length).toBeGreaterThan(0);
    },
  );

  it('shows skeletons while loading', async () => {
    renderCard(() => new Promise(() => {}));
    expect(
      screen.getByRole('progressbar', { name: 'Loading deployments' }),
    ).toBeInTheDocument();
  });

  it('explains how to annotate when nothing is found', async () => {
    renderCard(async () =>
      deploymentsResponse([], {
        problems: [
          {
            annotation: 'argocd/app-name',
            value: 'inventory-qa',
            message:
              "no Argo CD Application named 'inventory-qa' in any reachable cluster",
          },
        ],
      }),
    );
    expect(await screen.findByText('No deployments found')).toBeInTheDocument();
    expect(
      screen.getByText(/no Argo CD Application named 'inventory-qa'/),
    ).toBeInTheDocument();
    // The YAML example loads its syntax highlighter lazily.
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'backstage.io/kubernetes-id: my-service',
      ),
    );
  });

  it.each([
    [403, 'Permission denied'],
    [400, 'A GitOps annotation is malformed'],
    [422, 'Git repository not allowed'],
    [404, 'Not found'],
  ])('explains a %i answer without a stack trace', async (status, title) => {
    renderCard(async () => {
      throw responseError(status, 'the server says why');
    });
    expect(await screen.findByText(`Error: ${title}`)).toBeInTheDocument();
    expect(screen.getAllByText(/the server says why/).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByText(/at .*\.tsx?:\d+/)).not.toBeInTheDocument();
  });

  it('says when the backend cannot be reached', async () => {
    renderCard(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(
      await screen.findByText('Error: Could not reach the GitOps backend'),
    ).toBeInTheDocument();
  });

  it('marks a stale answer and shows the last known state of an unreachable cluster', async () => {
    renderCard(async () =>
      deploymentsResponse([deploymentIn('unknown')], {
        stale: true,
        staleReasons: ['cluster demo-production: cluster unreachable'],
      }),
    );
    expect(
      await screen.findByText('Warning: Some of this may be out of date'),
    ).toBeInTheDocument();
    const tile = screen.getByRole('region', { name: 'production deployment' });
    expect(within(tile).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(tile).getByText(/cluster unreachable: connect ECONNREFUSED/),
    ).toBeInTheDocument();
    expect(within(tile).getByText(/last seen/)).toBeInTheDocument();
    // The last known facts stay visible.
    expect(within(tile).getByText('Healthy')).toBeInTheDocument();
  });
});
