import { fireEvent, screen, within } from '@testing-library/react';
import { deploymentIn } from '../../__testUtils__/fixtures';
import {
  deploymentSection,
  renderActionsTab,
} from '../../__testUtils__/renderActionsTab';

jest.setTimeout(30_000);

const DENIED = 'only members of group:default/team-payments may act on it';

describe('action buttons and permissions', () => {
  it('hides every action button when no policy would let the user act', async () => {
    renderActionsTab({
      getActionPermissions: async () => ({
        rollback: { result: 'never' },
        sync: { result: 'never' },
      }),
    });
    const production = await deploymentSection('production');
    // The tab has loaded; no button is there, and none appears.
    expect(
      production.getByRole('region', { name: 'History' }),
    ).toBeInTheDocument();
    await screen
      .findByRole('table', { name: 'Actions' })
      .catch(() => undefined);
    for (const name of [
      'Roll back to this',
      'Revert this commit',
      'Sync',
      'Refresh',
      'Roll back…',
    ]) {
      expect(production.queryByRole('button', { name })).toBeNull();
    }
  });

  it('shows the buttons disabled with the reason on hover and as their description when denied', async () => {
    renderActionsTab({
      getActionPermissions: async () => ({
        rollback: { result: 'denied', reason: DENIED },
        sync: { result: 'allowed' },
      }),
    });
    const production = await deploymentSection('production');
    const rollback = await production.findByRole('button', {
      name: 'Roll back to this',
    });
    expect(rollback).toBeDisabled();
    expect(rollback).toHaveAccessibleDescription(DENIED);
    expect(rollback).toHaveAttribute('aria-description', DENIED);
    for (const revert of production.getAllByRole('button', {
      name: 'Revert this commit',
    })) {
      expect(revert).toBeDisabled();
      expect(revert).toHaveAccessibleDescription(DENIED);
    }
    // Sync is decided by the other permission.
    expect(production.getByRole('button', { name: 'Sync' })).toBeEnabled();
    expect(
      production.getByRole('button', { name: 'Sync' }),
    ).not.toHaveAccessibleDescription();

    fireEvent.mouseOver(rollback.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(DENIED);
  });

  it('disables the buttons when the permissions cannot be read, and says why', async () => {
    renderActionsTab({
      getActionPermissions: async () => {
        throw new Error('Failed to fetch');
      },
    });
    const production = await deploymentSection('production');
    const sync = await production.findByRole('button', { name: 'Sync' });
    expect(sync).toBeDisabled();
    expect(sync).toHaveAccessibleDescription(
      'Could not check your permissions: Failed to fetch',
    );
  });

  it('offers Sync and Refresh for Argo CD, Reconcile and Suspend or Resume for Flux', async () => {
    renderActionsTab({}, [
      deploymentIn('in-sync', { environment: 'production' }),
      deploymentIn('in-sync', {
        environment: 'staging',
        kind: 'flux-kustomization',
        name: 'inventory-staging',
      }),
      deploymentIn('suspended', { environment: 'dev' }),
    ]);
    const names = (section: Awaited<ReturnType<typeof deploymentSection>>) =>
      within(section.getByRole('group', { name: /^Actions on/ }))
        .getAllByRole('button')
        .map(b => b.textContent);
    expect(names(await deploymentSection('production'))).toEqual([
      'Sync',
      'Refresh',
    ]);
    expect(names(await deploymentSection('staging'))).toEqual([
      'Reconcile',
      'Suspend',
    ]);
    expect(names(await deploymentSection('dev'))).toEqual([
      'Reconcile',
      'Resume',
    ]);
  });
});
