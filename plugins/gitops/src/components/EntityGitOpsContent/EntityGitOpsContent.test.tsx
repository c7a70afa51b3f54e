import { fireEvent, screen, within } from '@testing-library/react';
import {
  commit,
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  deploymentWithLastChange,
  HOUR_AGO,
  responseError,
  SHA_LAST_CHANGE,
  SHA_PENDING,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityGitOpsContent } from './EntityGitOpsContent';

// What the tab shows to read; its actions are tested in components/actions.
const NO_ACTIONS = {
  getActionPermissions: async () => ({
    rollback: { result: 'never' as const },
    sync: { result: 'never' as const },
  }),
  listActions: async () => ({ items: [] }),
};

function renderTab(getEntityDeployments: () => Promise<any>) {
  return renderWithEntity(<EntityGitOpsContent />, {
    api: fakeGitOpsApi({ getEntityDeployments, ...NO_ACTIONS }),
  });
}

// A whole tab per test, on a machine shared with other work.
jest.setTimeout(30_000);

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

  it('shows a merge by its PR, with the commits it brought in behind a toggle, in pending and history', async () => {
    const merge = commit(SHA_PENDING, {
      message: 'Merge pull request #88 from acme/cache\n\nTune the cache',
      pullRequest: { number: 88, url: 'https://git.example.com/pr/88' },
      mergedCommits: [
        commit('a'.repeat(40), { message: 'Lower the TTL' }),
        commit('b'.repeat(40), { message: 'Add a cache metric' }),
      ],
    });
    renderTab(async () =>
      deploymentsResponse([
        deploymentIn('behind', {
          pendingCommits: [merge],
          history: [
            {
              revision: SHA_PENDING,
              deployedAt: HOUR_AGO,
              initiatedBy: { automated: true },
              commit: merge,
            },
          ],
        }),
      ]),
    );
    const production = await section('production');
    for (const name of ['Pending commits', 'History']) {
      const region = production.getByRole('region', { name });
      expect(region).toHaveTextContent('Tune the cache');
      expect(within(region).queryByText('Lower the TTL')).toBeNull();
      const toggle = within(region).getByRole('button', {
        name: 'show 2 commits',
      });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      fireEvent.click(toggle);
      const merged = within(region).getByRole('list', {
        name: 'Merged commits',
      });
      expect(merged).toHaveTextContent('Lower the TTL');
      expect(merged).toHaveTextContent('Add a cache metric');
      expect(
        within(region).getByRole('button', { name: 'hide 2 commits' }),
      ).toHaveAttribute('aria-expanded', 'true');
    }
  });

  it('lists the render inputs it follows and the references it cannot follow', async () => {
    const d = deploymentIn('behind');
    d.sources = [
      {
        ...d.sources[0],
        path: 'apps/inventory/production',
        renderInputs: {
          paths: ['apps/inventory/production', 'apps/inventory/base'],
          external: [
            {
              reference: 'https://github.com/acme/shared//base?ref=v2',
              from: 'apps/inventory/production/kustomization.yaml',
              reason: 'a remote base is not followed',
            },
          ],
        },
      },
    ];
    renderTab(async () => deploymentsResponse([d]));
    const production = await section('production');
    const inputs = production.getByRole('list', { name: 'Render inputs' });
    expect(inputs).toHaveTextContent('also follows apps/inventory/base');
    expect(inputs).toHaveTextContent(
      'not followed: https://github.com/acme/shared//base?ref=v2 (in apps/inventory/production/kustomization.yaml) — a remote base is not followed',
    );
  });

  it('shows a deployment’s own problem in its section', async () => {
    renderTab(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('unknown', {
          problem: { code: 'x', message: 'Repository may not be read' },
        }),
      ]),
    );
    const production = await section('production');
    expect(production.getByRole('alert')).toHaveTextContent(
      'Repository may not be read',
    );
    expect((await section('staging')).queryByRole('alert')).toBeNull();
  });

  it('never shows an older desired SHA as newer in the matrix', async () => {
    renderTab(async () =>
      deploymentsResponse([
        deploymentWithLastChange({ environment: 'staging' }),
        deploymentIn('behind'),
      ]),
    );
    const matrix = await screen.findByRole('table', {
      name: 'Deployments by environment',
    });
    const newest = within(matrix).getByRole('row', { name: /^Newest in Git/ });
    const cells = within(newest).getAllByRole('cell');
    // cells[0] is the row header.
    expect(cells[1]).toHaveTextContent('nothing newer');
    expect(cells[1]).not.toHaveTextContent(SHA_LAST_CHANGE.slice(0, 7));
    expect(cells[2]).toHaveTextContent(SHA_PENDING.slice(0, 7));
  });

  it('names a HelmRelease chart version once and leaves out an unknown initiator', async () => {
    renderTab(async () =>
      deploymentsResponse([
        deployment({
          kind: 'flux-helmrelease',
          deployedRevision: '1.4.2',
          deployedCommit: undefined,
          history: [
            {
              revision: '1.4.2',
              chartVersion: '1.4.2',
              deployedAt: HOUR_AGO,
              status: 'deployed',
            },
          ],
        }),
      ]),
    );
    const history = (await section('production')).getByRole('region', {
      name: 'History',
    });
    const item = within(history).getByRole('listitem');
    expect(item).toHaveTextContent(/chart 1\.4\.2/);
    expect(item).not.toHaveTextContent(/1\.4\.2.*1\.4\.2/);
    expect(item).not.toHaveTextContent('unknown initiator');
    expect(item).toHaveTextContent('deployed');
  });

  it('shows the annotations that matched as a compact list', async () => {
    renderTab(async () => deploymentsResponse([deployment()]));
    const annotations = await screen.findByLabelText('GitOps annotations');
    expect(annotations).toHaveTextContent(
      'argocd/app-nameinventory-staging,inventory-production',
    );
    expect(annotations).toHaveTextContent(
      'gitops.backstage.io/environmentsstaging,production',
    );
    // No empty table cells padding the card out.
    expect(
      screen
        .getByText('Matched by these annotations')
        .closest('[class*="MuiCard"]')
        ?.querySelectorAll('td:empty').length ?? 0,
    ).toBe(0);
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
