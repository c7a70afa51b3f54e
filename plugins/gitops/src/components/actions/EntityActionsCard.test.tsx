import { screen, waitFor, within } from '@testing-library/react';
import { actionRecord, SHA_RESULT } from '../../__testUtils__/actionFixtures';
import {
  ACTIONS_CHANNEL,
  renderActionsTab,
} from '../../__testUtils__/renderActionsTab';

jest.setTimeout(30_000);

describe('EntityActionsCard', () => {
  it('lists who did what, when, why, its status and link, and updates on a signal', async () => {
    const listActions = jest
      .fn()
      .mockResolvedValueOnce({
        items: [
          actionRecord({ status: 'committed', resultCommitSha: SHA_RESULT }),
          actionRecord({
            id: 'act-0',
            type: 'sync',
            targetRevision: null,
            reason: '',
            requestedBy: 'user:default/bob',
            status: 'failed',
            error: 'the cluster refused the patch: forbidden',
          }),
        ],
      })
      .mockResolvedValue({
        items: [
          actionRecord({ status: 'deployed', resultCommitSha: SHA_RESULT }),
        ],
      });
    const { signals } = renderActionsTab({ listActions });
    const table = await screen.findByRole('table', { name: 'Actions' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['When', 'Who', 'What', 'Why', 'Status', 'Link']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(
      new RegExp(
        `^.+ agoaliceRoll back to 0a1b2c3productionthe TTL change broke checkoutCommitted${SHA_RESULT.slice(
          0,
          7,
        )}$`,
      ),
    );
    expect(rows[1]).toHaveTextContent(
      'bobSyncproduction—Failedthe cluster refused the patch: forbidden',
    );
    expect(listActions).toHaveBeenCalledWith('component:default/inventory', {
      limit: 10,
    });

    signals.publish(ACTIONS_CHANNEL, {
      type: 'action-changed',
      actionId: 'act-1',
      status: 'deployed',
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Actions' })).getAllByRole(
          'row',
        ),
      ).toHaveLength(2),
    );
    expect(screen.getByRole('table', { name: 'Actions' })).toHaveTextContent(
      'Deployed',
    );
  });

  it('links a pull request only by a web URL', async () => {
    renderActionsTab({
      listActions: async () => ({
        items: [
          actionRecord({
            id: 'a',
            prUrl: 'https://github.example.com/o/r/pull/12',
          }),
          actionRecord({
            id: 'b',
            // eslint-disable-next-line no-script-url
            prUrl: 'javascript:alert(1)',
          }),
        ],
      }),
    });
    const table = await screen.findByRole('table', { name: 'Actions' });
    const links = within(table).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute(
      'href',
      'https://github.example.com/o/r/pull/12',
    );
    expect(links[0]).toHaveTextContent('pull request #12');
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent(
      'pull request',
    );
  });

  it('says when nothing was asked yet', async () => {
    renderActionsTab();
    expect(
      await screen.findByText(
        'No rollback, revert or sync has been asked for yet.',
      ),
    ).toBeInTheDocument();
  });

  it('explains a list that cannot be read', async () => {
    renderActionsTab({
      listActions: async () => {
        throw Object.assign(new Error('boom'), {
          name: 'ActionRequestError',
          statusCode: 500,
          details: {},
        });
      },
    });
    expect(
      await screen.findByText('The GitOps backend failed (500): boom'),
    ).toBeInTheDocument();
  });
});
