import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  actionError,
  actionRecord,
  rollbackPreview,
  SHA_OLDER,
  SHA_RESULT,
} from '../../__testUtils__/actionFixtures';
import { deploymentIn, SHA_PENDING } from '../../__testUtils__/fixtures';
import {
  ACTIONS_CHANNEL,
  deploymentSection,
  deploymentWithHistory,
  renderActionsTab,
  SHA_DEPLOYED,
} from '../../__testUtils__/renderActionsTab';

async function openRollbackFromHistory() {
  const production = await deploymentSection('production');
  const history = production.getByRole('region', { name: 'History' });
  // The running entry offers no rollback to itself; the older one does.
  expect(
    within(history).getAllByRole('button', { name: 'Roll back to this' }),
  ).toHaveLength(1);
  fireEvent.click(
    within(history).getByRole('button', { name: 'Roll back to this' }),
  );
  return screen.findByRole('dialog', {
    name: 'Roll back inventory-production',
  });
}

// Renders the whole tab, dialogs included, on a machine shared with other work.
jest.setTimeout(30_000);

describe('GitActionDialog', () => {
  it('previews a rollback, requires a reason, confirms, then follows the record live', async () => {
    const previewAction = jest.fn(async () => rollbackPreview());
    const createAction = jest.fn(async () =>
      actionRecord({ status: 'committed', resultCommitSha: SHA_RESULT }),
    );
    const getAction = jest.fn(async () =>
      actionRecord({ status: 'deployed', resultCommitSha: SHA_RESULT }),
    );
    const listActions = jest.fn(async () => ({ items: [] }));
    const { signals } = renderActionsTab({
      previewAction,
      createAction,
      getAction,
      listActions,
    });
    const dialog = within(await openRollbackFromHistory());
    expect(dialog.getByText(SHA_OLDER.slice(0, 7))).toBeInTheDocument();

    // Nothing to confirm before the preview.
    expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    const preview = await dialog.findByRole('region', { name: 'Preview' });
    expect(previewAction).toHaveBeenCalledWith('component:default/inventory', {
      type: 'rollback',
      deploymentId: deploymentWithHistory().id,
      targetRevision: SHA_OLDER,
    });
    expect(
      within(preview).getByRole('list', { name: 'Commits undone' }),
    ).toHaveTextContent(
      `${SHA_DEPLOYED.slice(0, 7)} Raise the stock cache TTL`,
    );
    const file = within(
      within(preview).getByRole('table', { name: 'Files changed' }),
    ).getByRole('row', { name: /values\.yaml/ });
    expect(file).toHaveTextContent(
      'apps/inventory/production/values.yamlmodified+2−3',
    );
    expect(
      within(preview).getByRole('region', { name: 'Warnings' }),
    ).toHaveTextContent(
      'apps/inventory/base changed since the target and stays as isapps/inventory/base/deployment.yaml',
    );

    // The reason is required.
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    expect(dialog.getByText(/A reason is required/)).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Reason' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(createAction).not.toHaveBeenCalled();

    fireEvent.change(dialog.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'the TTL change broke checkout' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    const status = await dialog.findByRole('status');
    expect(createAction).toHaveBeenCalledWith('component:default/inventory', {
      type: 'rollback',
      deploymentId: deploymentWithHistory().id,
      targetRevision: SHA_OLDER,
      reason: 'the TTL change broke checkout',
      expectedHead: SHA_DEPLOYED,
    });
    expect(status).toHaveTextContent(/Committed/);
    // The Actions list reads again at once, not on the next signal.
    await waitFor(() => expect(listActions).toHaveBeenCalledTimes(2));
    expect(
      within(dialog.getByRole('region', { name: 'Progress' })).getByText(
        SHA_RESULT.slice(0, 7),
      ),
    ).toBeInTheDocument();

    // Another record's signal changes nothing; this one's moves it on.
    signals.publish(ACTIONS_CHANNEL, {
      type: 'action-changed',
      actionId: 'another',
      status: 'failed',
    });
    expect(status).toHaveTextContent(/Committed/);
    expect(getAction).not.toHaveBeenCalled();
    signals.publish(ACTIONS_CHANNEL, {
      type: 'action-changed',
      actionId: 'act-1',
      status: 'deployed',
    });
    await waitFor(() => expect(status).toHaveTextContent(/Deployed/));
    expect(getAction).toHaveBeenCalledWith('act-1');
    expect(dialog.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it('shows a pull request link and a failure in words as the record moves', async () => {
    const { signals } = renderActionsTab({
      previewAction: async () => rollbackPreview({ delivery: 'pull-request' }),
      createAction: async () =>
        actionRecord({
          status: 'pr-open',
          prUrl: 'https://github.example.com/acme/storefront/pull/9',
        }),
      getAction: async () =>
        actionRecord({
          status: 'failed',
          error: 'the pull request was closed without merging',
        }),
    });
    const dialog = within(await openRollbackFromHistory());
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    await dialog.findByRole('region', { name: 'Preview' });
    fireEvent.change(dialog.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'x' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    expect(await dialog.findByRole('status')).toHaveTextContent(
      'Pull request open: it deploys once merged.',
    );
    expect(
      dialog.getByRole('link', { name: /^pull request #9/ }),
    ).toHaveAttribute(
      'href',
      'https://github.example.com/acme/storefront/pull/9',
    );
    expect(dialog.getByRole('list', { name: 'Steps' }).textContent).toBe(
      '✓ RequestedPull request openMergedDeployed',
    );
    signals.publish(ACTIONS_CHANNEL, {
      type: 'action-changed',
      actionId: 'act-1',
      status: 'failed',
    });
    await waitFor(() =>
      expect(dialog.getByRole('status')).toHaveTextContent(
        'Failed: the pull request was closed without merging.',
      ),
    );
  });

  it('reverts a pending commit with the same dialog', async () => {
    const previewAction = jest.fn(async () =>
      rollbackPreview({ type: 'revert-commit', commit: SHA_PENDING }),
    );
    renderActionsTab({ previewAction }, [deploymentIn('behind')]);
    const pending = (await deploymentSection('production')).getByRole(
      'region',
      { name: 'Pending commits' },
    );
    fireEvent.click(
      within(pending).getByRole('button', { name: 'Revert this commit' }),
    );
    const dialog = within(
      await screen.findByRole('dialog', {
        name: `Revert commit ${SHA_PENDING.slice(0, 7)}`,
      }),
    );
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    await dialog.findByRole('region', { name: 'Preview' });
    expect(previewAction).toHaveBeenCalledWith('component:default/inventory', {
      type: 'revert-commit',
      deploymentId: deploymentIn('behind').id,
      commit: SHA_PENDING,
    });
  });

  it('rolls back from the tab to a revision chosen from the history', async () => {
    const previewAction = jest.fn(async () => rollbackPreview());
    renderActionsTab({ previewAction });
    const production = await deploymentSection('production');
    fireEvent.click(production.getByRole('button', { name: 'Roll back…' }));
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Roll back inventory-production',
      }),
    );
    expect(dialog.getByRole('button', { name: 'Preview' })).toBeDisabled();
    const target = dialog.getByRole('combobox', { name: 'Target revision' });
    // The running revision is not offered.
    expect(
      within(target)
        .getAllByRole('option')
        .map(o => (o as HTMLOptionElement).value),
    ).toEqual(['', SHA_OLDER]);
    fireEvent.change(target, { target: { value: SHA_OLDER } });
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    await dialog.findByRole('region', { name: 'Preview' });
    expect(previewAction).toHaveBeenCalledWith(
      'component:default/inventory',
      expect.objectContaining({ targetRevision: SHA_OLDER }),
    );
  });

  it('on a stale head (409) lists the newer commits and previews again for a new head', async () => {
    const newer = 'e'.repeat(40);
    const previewAction = jest
      .fn()
      .mockResolvedValueOnce(rollbackPreview())
      .mockResolvedValueOnce(rollbackPreview({ expectedHead: newer }));
    const createAction = jest
      .fn()
      .mockRejectedValueOnce(
        actionError(409, 'the path has 1 commit(s) newer than expectedHead', {
          errorName: 'StaleHeadError',
          field: 'expectedHead',
          commits: [{ sha: newer, subject: 'Bump the image to 2.4.1' }],
        }),
      )
      .mockResolvedValueOnce(actionRecord({ status: 'committed' }));
    renderActionsTab({
      previewAction,
      createAction,
      getAction: async () => actionRecord({ status: 'committed' }),
    });
    const dialog = within(await openRollbackFromHistory());
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    await dialog.findByRole('region', { name: 'Preview' });
    fireEvent.change(dialog.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'broken' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Git has moved on since the preview');
    expect(alert).toHaveTextContent(
      'A newer commit touched this path since the preview, so nothing was written.',
    );
    expect(
      within(alert).getByRole('list', { name: 'Newer commits' }),
    ).toHaveTextContent(`${newer.slice(0, 7)} Bump the image to 2.4.1`);

    fireEvent.click(
      within(alert).getByRole('button', { name: 'Preview again' }),
    );
    await waitFor(() => expect(previewAction).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(dialog.queryByRole('alert')).toBeNull());
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    await dialog.findByRole('status');
    expect(createAction).toHaveBeenLastCalledWith(
      'component:default/inventory',
      expect.objectContaining({ expectedHead: newer, reason: 'broken' }),
    );
  });

  it('lists the conflicting files of a revert that does not apply (409)', async () => {
    renderActionsTab(
      {
        previewAction: async () => {
          throw actionError(
            409,
            `reverting ${SHA_PENDING.slice(0, 12)} conflicts in: values.yaml`,
            {
              errorName: 'RevertConflictError',
              field: 'commit',
              files: ['apps/inventory/production/values.yaml'],
            },
          );
        },
      },
      [deploymentIn('behind')],
    );
    const pending = (await deploymentSection('production')).getByRole(
      'region',
      { name: 'Pending commits' },
    );
    fireEvent.click(
      within(pending).getByRole('button', { name: 'Revert this commit' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('The change does not apply cleanly');
    expect(alert).toHaveTextContent('nothing was written');
    expect(
      within(alert).getByRole('list', { name: 'Conflicting files' }),
    ).toHaveTextContent('apps/inventory/production/values.yaml');
    expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
    expect(
      within(alert).queryByRole('button', { name: 'Preview again' }),
    ).toBeNull();
  });

  it.each([
    [
      422,
      'targetRevision abc is the head of the path already: there is nothing to undo',
      { field: 'targetRevision' },
      'This action cannot be done',
      'targetRevision abc is the head of the path already: there is nothing to undo (field targetRevision)',
    ],
    [
      403,
      'only the owners of component:default/inventory may roll it back',
      {},
      'Not permitted',
      'You may not do this: only the owners of component:default/inventory may roll it back',
    ],
  ])(
    'says what a %i refusal means in words',
    async (status, message, details, title, words) => {
      renderActionsTab({
        previewAction: async () => {
          throw actionError(status, message, details);
        },
      });
      const dialog = within(await openRollbackFromHistory());
      fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
      const alert = await dialog.findByRole('alert');
      expect(alert).toHaveTextContent(title);
      expect(alert).toHaveTextContent(words);
    },
  );
});
