import { screen, within } from '@testing-library/react';
import {
  commit,
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  responseError,
  SHA_PENDING,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityGitOpsContent } from './EntityGitOpsContent';

function renderTab(getEntityDeployments: () => Promise<any>) {
  return renderWithEntity(<EntityGitOpsContent />, {
    api: fakeGitOpsApi({ getEntityDeployments }),
  });
}

async function section(environment: string) {
  const card = (
    await screen.findByText(`${environment} · demo-${environment}`)
  ).closest('[id^="gitops-"]') as HTMLElement;
  return within(card);
}

describe('EntityGitOpsContent', () => {
  it('puts the environments side by side', async () => {
    renderTab(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('behind'),
      ]),
    );
    const matrix = await screen.findByRole('table', {
      name: 'Deployments by environment',
    });
    const headers = within(matrix).getAllByRole('columnheader');
    expect(headers.map(h => h.textContent)).toEqual([
      'Fact',
      'stagingdemo-staging · inventory-staging',
      'productiondemo-production · inventory-production',
    ]);
    const drift = within(matrix).getByRole('row', { name: /^Drift/ });
    expect(drift).toHaveTextContent('DriftIn syncBehind');
    const pending = within(matrix).getByRole('row', {
      name: /^Pending commits/,
    });
    expect(pending).toHaveTextContent('Pending commitsnone1');
    expect(
      within(matrix).getByRole('link', { name: 'production' }),
    ).toHaveAttribute(
      'href',
      '#gitops-demo-production-argocd-argocd-application-inventory-production',
    );
  });

  it('lists the pending commits of a deployment that is behind, with PR links', async () => {
    renderTab(async () => deploymentsResponse([deploymentIn('behind')]));
    const production = await section('production');
    const pending = production.getByRole('region', { name: 'Pending commits' });
    expect(pending).toHaveTextContent('Pending commits (1)');
    expect(pending).toHaveTextContent('Add the express checkout button');
    expect(pending).toHaveTextContent(/Bob Lin, .+ ago/);
    expect(
      within(pending).getByRole('link', {
        name: new RegExp(`^commit ${SHA_PENDING.slice(0, 7)}`),
      }),
    ).toHaveAttribute(
      'href',
      `https://git.example.com/storefront/commit/${SHA_PENDING}`,
    );
    expect(
      within(pending).getByRole('link', { name: /^pull request 57/ }),
    ).toHaveAttribute('href', 'https://git.example.com/pr/57');
  });

  it('says when the pending list is truncated, and when nothing is pending', async () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      commit(i.toString(16).padStart(40, '0')),
    );
    renderTab(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('behind', {
          pendingCommits: many,
          pendingTruncated: true,
        }),
      ]),
    );
    const production = await section('production');
    expect(
      production.getByText('Only the newest 20 are listed; more are pending.'),
    ).toBeInTheDocument();
    expect(production.getByText('Pending commits (20+)')).toBeInTheDocument();
    const staging = await section('staging');
    expect(staging.getByText(/None: up to date with Git/)).toBeInTheDocument();
  });

  it('shows the drift panel with reasons and the resources that differ', async () => {
    renderTab(async () => deploymentsResponse([deploymentIn('out-of-sync')]));
    const production = await section('production');
    const drift = production.getByRole('region', { name: 'Drift' });
    expect(within(drift).getByText('Out of sync')).toBeInTheDocument();
    expect(
      within(drift).getByText(
        'live state differs from Git: 1 resource OutOfSync',
      ),
    ).toBeInTheDocument();
    const resources = within(drift).getByRole('table', {
      name: 'Resources that differ from Git',
    });
    expect(
      within(resources).getByRole('row', { name: /Deployment catalog-search/ }),
    ).toHaveTextContent(
      'Deploymentcatalog-searchcatalog-searchOutOfSyncHealthy',
    );
  });

  it.each([
    ['failing', 'Failing', 'Ready=False (UpgradeFailed): Helm upgrade failed'],
    ['suspended', 'Suspended', 'reconciliation is suspended'],
    ['unknown', 'Unknown', /cluster unreachable/],
    ['behind', 'Behind', '1 commit not deployed'],
  ] as const)('explains a %s deployment', async (state, label, reason) => {
    renderTab(async () => deploymentsResponse([deploymentIn(state)]));
    const drift = (await section('production')).getByRole('region', {
      name: 'Drift',
    });
    expect(within(drift).getAllByText(label).length).toBeGreaterThan(0);
    expect(within(drift).getByText(reason)).toBeInTheDocument();
  });

  it('shows the history timeline with who deployed what, and the PR', async () => {
    const d = deployment({
      history: [
        {
          revision: SHA_PENDING,
          deployedAt: '2026-11-20T11:30:00Z',
          initiatedBy: { username: 'carol' },
          commit: commit(SHA_PENDING, {
            message: 'Roll back the cache change',
            pullRequest: { number: 60, url: 'https://git.example.com/pr/60' },
          }),
        },
        ...deployment().history,
      ],
    });
    renderTab(async () => deploymentsResponse([d]));
    const history = (await section('production')).getByRole('region', {
      name: 'History',
    });
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Roll back the cache change');
    expect(items[0]).toHaveTextContent('by carol, authored by Alice Moreau');
    expect(
      within(items[0]).getByRole('link', { name: /^pull request 60/ }),
    ).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Raise the stock cache TTL');
    expect(items[1]).toHaveTextContent('by automated sync');
    expect(items[1]).toHaveTextContent('running now');
  });

  it('links to the Argo CD UI where configured', async () => {
    renderTab(async () =>
      deploymentsResponse([
        deployment(),
        deploymentIn('suspended', {
          environment: 'staging',
          links: {},
        }),
      ]),
    );
    const production = await section('production');
    expect(
      production.getByRole('link', {
        name: /^Open inventory-production in Argo CD/,
      }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example.com/applications/argocd/inventory-production',
    );
    const staging = await section('staging');
    expect(staging.queryByRole('link', { name: /Argo CD/ })).toBeNull();
  });

  it('shows skeletons while loading', () => {
    renderTab(() => new Promise(() => {}));
    expect(
      screen.getByRole('progressbar', { name: 'Loading deployments' }),
    ).toBeInTheDocument();
  });

  it('explains how to annotate when nothing matches, with the annotations used', async () => {
    renderTab(async () =>
      deploymentsResponse([], {
        reason:
          'The GitOps annotations of this entity name no Argo CD or Flux resource.',
      }),
    );
    expect(await screen.findByText('No deployments found')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The GitOps annotations of this entity name no Argo CD or Flux resource.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Matched by these annotations'),
    ).toBeInTheDocument();
    expect(screen.getByText('argocd/app-name')).toBeInTheDocument();
  });

  it('explains a malformed annotation', async () => {
    renderTab(async () => {
      throw responseError(
        400,
        "Invalid label selector in backstage.io/kubernetes-label-selector: 'app=='",
      );
    });
    expect(
      await screen.findByText('Error: A GitOps annotation is malformed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/backstage.io\/kubernetes-label-selector: 'app=='/),
    ).toBeInTheDocument();
  });

  it('marks a stale answer with its reasons', async () => {
    renderTab(async () =>
      deploymentsResponse([deploymentIn('unknown')], {
        stale: true,
        staleReasons: [
          'git https://git.example.com/storefront.git unreachable (since 2026-11-20T11:00:00Z)',
        ],
      }),
    );
    expect(
      await screen.findByText('Warning: Some of this may be out of date'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /git https:\/\/git.example.com\/storefront.git unreachable/,
      ),
    ).toBeInTheDocument();
  });
});
