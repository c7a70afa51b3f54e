import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  responseError,
  commit,
  deploymentWithLastChange,
  SHA_DEPLOYED,
  SHA_LAST_CHANGE,
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

  it('headlines the last change to the render inputs, with the exact deployed SHA as a secondary line', async () => {
    renderCard(async () => deploymentsResponse([deploymentWithLastChange()]));
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(within(tile).getByText('Last change')).toBeInTheDocument();
    expect(
      within(tile).getByText('Raise the inventory replicas to 4'),
    ).toBeInTheDocument();
    expect(within(tile).getByText('by Dana Ortiz')).toBeInTheDocument();
    expect(
      within(tile).getByRole('link', { name: /^pull request 71/ }),
    ).toBeInTheDocument();
    // The commit at the deployed SHA is about another service: not a headline.
    expect(
      within(tile).queryByText(/catalog-search: scale staging/),
    ).toBeNull();
    const synced = within(tile).getByText(/^synced at/);
    expect(synced).toHaveTextContent(`synced at ${SHA_DEPLOYED.slice(0, 7)}`);
    // Nothing pending: up to date, and the older desired SHA is not shown
    // as if Git were ahead.
    expect(within(tile).getByText('up to date with Git')).toBeInTheDocument();
    expect(tile).not.toHaveTextContent(/newer commit/);
    expect(within(tile).queryByText(/same content as/)).toBeNull();
  });

  it('says how many newer commits Git has when the deployment is behind', async () => {
    renderCard(async () =>
      deploymentsResponse([
        deploymentWithLastChange({
          ...deploymentIn('behind'),
          lastChange: deploymentWithLastChange().lastChange,
        }),
      ]),
    );
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(within(tile).getByText('1 newer commit in Git')).toBeInTheDocument();
    expect(within(tile).queryByText('up to date with Git')).toBeNull();
  });

  it('falls back to the deployed commit when the backend sends no last change', async () => {
    renderCard(async () => deploymentsResponse([deployment()]));
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(within(tile).getByText('Deployed revision')).toBeInTheDocument();
    expect(
      within(tile).getByText('Raise the stock cache TTL'),
    ).toBeInTheDocument();
    expect(within(tile).getByText('up to date with Git')).toBeInTheDocument();
    // One SHA link only: the headline is the deployed commit itself.
    expect(
      within(tile).getAllByRole('link', { name: /^commit / }),
    ).toHaveLength(1);
  });

  it('shows a deployment’s own problem on its tile, and the other tiles as usual', async () => {
    renderCard(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('unknown', {
          problem: {
            code: 'repository-not-allowed',
            message:
              'Repository https://evil.example.com/x.git matches no integration',
          },
        }),
      ]),
    );
    const production = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(within(production).getByRole('alert')).toHaveTextContent(
      'Repository https://evil.example.com/x.git matches no integration',
    );
    const staging = screen.getByRole('region', { name: 'staging deployment' });
    expect(within(staging).queryByRole('alert')).toBeNull();
    expect(within(staging).getByText('In sync')).toBeInTheDocument();
  });

  it('reconciles "In sync" with a progressing rollout', async () => {
    renderCard(async () =>
      deploymentsResponse([deployment({ health: 'Progressing' })]),
    );
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(
      within(tile).getByText('In sync with Git; rollout progressing'),
    ).toBeInTheDocument();
  });

  it('leaves out what an OCI deployment does not know, instead of empty text', async () => {
    const digest =
      'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904aa1b2c3d4e5f6a7b8c9d0e1f';
    renderCard(async () =>
      deploymentsResponse([
        deployment({
          kind: 'flux-kustomization',
          deployedRevision: digest,
          deployedCommit: {
            sha: '',
            message: '',
            author: { name: '' },
            committedAt: '',
          },
          links: {},
        }),
      ]),
    );
    const tile = await screen.findByRole('region', {
      name: 'production deployment',
    });
    expect(tile).toHaveTextContent('sha256:4b825dc');
    expect(within(tile).queryByText(/^by/)).toBeNull();
  });

  it('titles are cut with an ellipsis and keep the full text on hover', async () => {
    const title =
      'Move the inventory service to the new regional database cluster with read replicas in every zone';
    renderCard(async () =>
      deploymentsResponse([
        deploymentWithLastChange({
          lastChange: commit(SHA_LAST_CHANGE, { message: title }),
        }),
      ]),
    );
    const text = await screen.findByText(title);
    const clamp = text.closest('[title]') as HTMLElement;
    expect(clamp).toHaveAttribute('title', title);
    expect(getComputedStyle(clamp).textOverflow).toBe('ellipsis');
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
