import { act, screen, waitFor } from '@testing-library/react';
import {
  deployment,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityGitOpsDriftWarning } from './EntityGitOpsDriftWarning';

/** Lets the answer arrive and render. */
const settle = () => act(() => new Promise(r => setTimeout(r, 0)));

function renderWarning(getEntityDeployments: () => Promise<any>) {
  return renderWithEntity(<EntityGitOpsDriftWarning />, {
    api: fakeGitOpsApi({ getEntityDeployments }),
  });
}

describe('EntityGitOpsDriftWarning', () => {
  it('says which environment drifted, since when and why, with a link to the tab', async () => {
    renderWarning(async () =>
      deploymentsResponse([
        deployment({ environment: 'staging' }),
        deploymentIn('out-of-sync'),
      ]),
    );
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(
      /production: Out of sync \(last synced .+\) — live state differs from Git: 1 resource OutOfSync \(Deployment catalog-search\)/,
    );
    expect(banner).not.toHaveTextContent('staging');
    expect(
      screen.getByRole('link', { name: 'Open the GitOps tab' }),
    ).toHaveAttribute('href', '/catalog/default/component/inventory/gitops');
  });

  it('lets a long reason shrink and wrap so the link stays in the card', async () => {
    const long = `ComparisonError: ${'rpc error: manifest generation failed '.repeat(
      20,
    )}/very/long/path/without/any/break/${'x'.repeat(300)}`;
    renderWarning(async () =>
      deploymentsResponse([
        deploymentIn('failing', {
          drift: {
            state: 'failing',
            reasons: [{ code: 'comparison-error', message: long }],
            resources: [],
          },
        }),
      ]),
    );
    const banner = await screen.findByRole('alert');
    const message = banner.querySelector('.MuiAlert-message') as HTMLElement;
    const action = banner.querySelector('.MuiAlert-action') as HTMLElement;
    expect(getComputedStyle(message).minWidth).toBe('0');
    expect(getComputedStyle(message).overflowWrap).toBe('anywhere');
    expect(getComputedStyle(action).flexShrink).toBe('0');
    expect(action).toContainElement(
      screen.getByRole('link', { name: 'Open the GitOps tab' }),
    );
  });

  it('is an error for a failing deployment', async () => {
    renderWarning(async () => deploymentsResponse([deploymentIn('failing')]));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(
      /production: Failing \(since .+\) — Ready=False \(UpgradeFailed\): Helm upgrade failed/,
    );
    expect(banner.className).toMatch(/Error/);
  });

  it('warns about an unreachable cluster with its last seen time', async () => {
    renderWarning(async () => deploymentsResponse([deploymentIn('unknown')]));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /production: Unknown \(last seen .+\) — cluster unreachable/,
    );
  });

  it.each(['in-sync', 'behind', 'suspended'] as const)(
    'shows nothing when deployments are %s',
    async state => {
      const load = jest.fn(async () =>
        deploymentsResponse([deploymentIn(state)]),
      );
      renderWarning(load);
      await waitFor(() => expect(load).toHaveBeenCalled());
      await settle();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    },
  );

  it('shows nothing while loading', async () => {
    renderWarning(() => new Promise(() => {}));
    await settle();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows nothing after an error (the card explains it)', async () => {
    renderWarning(async () => {
      throw responseError(403, 'denied');
    });
    await settle();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
