import { fireEvent, screen, within } from '@testing-library/react';
import {
  actionError,
  actionRecord,
  clusterPreview,
  DEPLOYMENT_ID,
} from '../../__testUtils__/actionFixtures';
import { deploymentIn } from '../../__testUtils__/fixtures';
import {
  deploymentSection,
  renderActionsTab,
} from '../../__testUtils__/renderActionsTab';

jest.setTimeout(30_000);

const flux = deploymentIn('suspended', { name: 'inventory-production' });

describe('ClusterActionDialog', () => {
  it('asks to confirm a sync, showing its effect, then posts it', async () => {
    const previewAction = jest.fn(async () =>
      clusterPreview('sync', 'sets operation.sync to revision 1a2b3c4'),
    );
    const createAction = jest.fn(async () =>
      actionRecord({ type: 'sync', targetRevision: null, status: 'deployed' }),
    );
    renderActionsTab({ previewAction, createAction });
    const production = await deploymentSection('production');
    fireEvent.click(production.getByRole('button', { name: 'Sync' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Sync inventory-production' }),
    );
    expect(
      await dialog.findByText('This sets operation.sync to revision 1a2b3c4.'),
    ).toBeInTheDocument();
    expect(createAction).not.toHaveBeenCalled();
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    expect(await dialog.findByRole('status')).toHaveTextContent('Done.');
    expect(createAction).toHaveBeenCalledWith('component:default/inventory', {
      type: 'sync',
      deploymentId: DEPLOYMENT_ID,
      reason: undefined,
      expectedHead: undefined,
    });
  });

  it('resumes a suspended Flux deployment and says a cluster refusal in words', async () => {
    const createAction = jest.fn(async () => {
      throw actionError(
        403,
        'kustomizations.kustomize.toolkit.fluxcd.io "inventory-production" is forbidden: User "gitops-reader" cannot patch resource',
      );
    });
    renderActionsTab(
      {
        previewAction: async () =>
          clusterPreview('resume', 'sets spec.suspend to false'),
        createAction,
      },
      [flux],
    );
    const production = await deploymentSection('production');
    expect(production.queryByRole('button', { name: 'Suspend' })).toBeNull();
    fireEvent.click(production.getByRole('button', { name: 'Resume' }));
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Resume inventory-production',
      }),
    );
    await dialog.findByText('This sets spec.suspend to false.');
    fireEvent.change(
      dialog.getByRole('textbox', { name: 'Reason (optional)' }),
      {
        target: { value: 'incident over' },
      },
    );
    fireEvent.click(dialog.getByRole('button', { name: 'Confirm' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Not permitted');
    expect(alert).toHaveTextContent(
      'You may not do this: kustomizations.kustomize.toolkit.fluxcd.io "inventory-production" is forbidden',
    );
    expect(createAction).toHaveBeenCalledWith(
      'component:default/inventory',
      expect.objectContaining({ type: 'resume', reason: 'incident over' }),
    );
  });
});
