import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  commit,
  deployment,
  fakeGitOpsApi,
  SHA_DEPLOYED,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { DeploymentHistory } from './DeploymentHistory';

const SHA_OLD = 'aaaa1111bbbb2222cccc3333dddd4444eeee5555';
const SHA_OLDEST = 'ffff6666aaaa7777bbbb8888cccc9999dddd0000';

describe('DeploymentHistory', () => {
  const d = deployment({
    history: [
      {
        revision: SHA_DEPLOYED,
        deployedAt: '2026-11-20T11:00:00Z',
        commit: commit(SHA_DEPLOYED, { message: 'Raise the stock cache TTL' }),
      },
    ],
  });
  const ofD = {
    deploymentId: d.id,
    cluster: d.cluster,
    environment: 'production',
  };
  const pages: Record<string, any> = {
    first: {
      entityRef: 'component:default/inventory',
      observedAt: '2026-11-20T12:00:00Z',
      items: [
        // The CR's own entry again, and another deployment's.
        { ...d.history[0], ...ofD },
        {
          revision: SHA_OLD,
          deployedAt: '2026-11-19T10:00:00Z',
          deploymentId:
            'demo-staging/argocd/argocd-application/inventory-staging',
          cluster: 'demo-staging',
        },
      ],
      nextCursor: 'c1',
    },
    c1: {
      items: [
        {
          revision: SHA_OLD,
          deployedAt: '2026-10-01T10:00:00Z',
          fromLedger: true,
          commit: commit(SHA_OLD, {
            message: 'Move to the new payment gateway',
            ci: { state: 'failure', count: 1 },
          }),
          ...ofD,
        },
      ],
      nextCursor: 'c2',
    },
    c2: {
      items: [
        {
          revision: SHA_OLDEST,
          deployedAt: '2026-08-01T10:00:00Z',
          fromLedger: true,
          initiatedBy: { username: 'bob' },
          ...ofD,
        },
      ],
    },
  };

  it('pages back through the ledger’s older deployments of this deployment only', async () => {
    const getEntityHistory = jest.fn(
      async (_ref: unknown, options?: { cursor?: string }) =>
        pages[options?.cursor ?? 'first'],
    );
    await renderWithEntity(<DeploymentHistory deployment={d} />, {
      api: fakeGitOpsApi({ getEntityHistory }),
    });
    const history = screen.getByRole('region', { name: 'History' });
    expect(within(history).getAllByRole('listitem')).toHaveLength(1);
    expect(getEntityHistory).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('button', { name: 'Load older history of production' }),
    );
    expect(
      await within(history).findByText('Move to the new payment gateway'),
    ).toBeInTheDocument();
    // The first page only repeated what the CR holds or another deployment's.
    expect(getEntityHistory.mock.calls.map(c => c[1])).toEqual([
      { limit: 100, cursor: undefined },
      { limit: 100, cursor: 'c1' },
    ]);
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[1]).toHaveTextContent('from the deployment ledger');
    expect(items[0]).not.toHaveTextContent('from the deployment ledger');
    expect(
      within(items[1]).getByRole('img', { name: 'CI failed (1 check)' }),
    ).toBeVisible();

    fireEvent.click(
      screen.getByRole('button', { name: 'Load older history of production' }),
    );
    await waitFor(() =>
      expect(within(history).getAllByRole('listitem')).toHaveLength(3),
    );
    expect(within(history).getAllByRole('listitem')[2]).toHaveTextContent(
      'by bob',
    );
    expect(
      screen.getByText('This is the oldest deployment recorded.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Load older/ }),
    ).not.toBeInTheDocument();
  });

  it('says so when the older history cannot be read, and lets the user retry', async () => {
    const getEntityHistory = jest
      .fn()
      .mockRejectedValueOnce(new Error('backend unavailable'))
      .mockResolvedValueOnce({ items: [] });
    await renderWithEntity(<DeploymentHistory deployment={d} />, {
      api: fakeGitOpsApi({ getEntityHistory }),
    });
    const button = screen.getByRole('button', {
      name: 'Load older history of production',
    });
    fireEvent.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Older history could not be read',
    );
    fireEvent.click(button);
    expect(
      await screen.findByText('No older deployment is recorded.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
