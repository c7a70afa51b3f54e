import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import { EntityGitOpsDeploymentsCard } from '../components/EntityGitOpsDeploymentsCard';
import { fakeSignals } from '../__testUtils__/fakeSignals';
import {
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
} from '../__testUtils__/fixtures';
import { renderWithEntity } from '../__testUtils__/renderWithEntity';

const CHANNEL = 'gitops:entity:5f1d0c2a';

/** An entity answer that changes when the test says so. */
function changingBackend(first: any) {
  let answer = first;
  const getEntityDeployments = jest.fn(async () => answer);
  return {
    getEntityDeployments,
    change: (next: any) => {
      answer = next;
    },
  };
}

async function productionTile() {
  return within(
    await screen.findByRole('region', { name: 'production deployment' }),
  );
}

describe('live entity deployments', () => {
  it('subscribes to the channel the answer names and refetches on its notice', async () => {
    const signals = fakeSignals();
    const backend = changingBackend(
      deploymentsResponse([deployment()], { signalChannel: CHANNEL }),
    );
    renderWithEntity(<EntityGitOpsDeploymentsCard />, {
      api: fakeGitOpsApi(backend),
      apis: [[signalApiRef, signals.api]],
    });
    expect((await productionTile()).getByText('In sync')).toBeInTheDocument();
    await waitFor(() => expect(signals.channels()).toEqual([CHANNEL]));
    // The old broadcast channel is not followed any more.
    expect(signals.channels()).not.toContain('gitops:deployments');

    backend.change(
      deploymentsResponse([deploymentIn('unknown')], {
        signalChannel: CHANNEL,
      }),
    );
    signals.publish(CHANNEL, { type: 'deployments-changed' });
    expect(
      await (await productionTile()).findByText('Unknown'),
    ).toBeInTheDocument();
  });

  it('refetches when the browser comes back online, as after a reconnect of the signals connection', async () => {
    const signals = fakeSignals();
    const backend = changingBackend(
      deploymentsResponse([deployment()], { signalChannel: CHANNEL }),
    );
    renderWithEntity(<EntityGitOpsDeploymentsCard />, {
      api: fakeGitOpsApi(backend),
      apis: [[signalApiRef, signals.api]],
    });
    expect((await productionTile()).getByText('In sync')).toBeInTheDocument();
    backend.change(
      deploymentsResponse([deploymentIn('failing')], {
        signalChannel: CHANNEL,
      }),
    );
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(
      await (await productionTile()).findByText('Failing'),
    ).toBeInTheDocument();
  });

  it('says the view is being built while the backend computes it, and asks again soon', async () => {
    const backend = changingBackend(
      deploymentsResponse([], { computing: true }),
    );
    renderWithEntity(<EntityGitOpsDeploymentsCard />, {
      api: fakeGitOpsApi(backend),
    });
    expect(await screen.findByText('Building the view…')).toBeInTheDocument();
    expect(screen.queryByText('No deployments found')).toBeNull();
    backend.change(deploymentsResponse([deployment()]));
    // No signal, no poll yet: the bounded retry brings the built view.
    expect(
      await screen.findByRole(
        'region',
        { name: 'production deployment' },
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Building the view…')).toBeNull();
    expect(backend.getEntityDeployments).toHaveBeenCalledTimes(2);
  });
});
