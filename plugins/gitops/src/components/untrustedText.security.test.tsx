import { screen } from '@testing-library/react';
import {
  commit,
  deploymentIn,
  deploymentsResponse,
  fakeGitOpsApi,
  SHA_PENDING,
} from '../__testUtils__/fixtures';
import { renderWithEntity } from '../__testUtils__/renderWithEntity';
import { EntityGitOpsContent } from './EntityGitOpsContent';
import { EntityGitOpsDeploymentsCard } from './EntityGitOpsDeploymentsCard';

// Text a custom resource's author controls: controller messages, commit
// messages, problems. It must be shown as text, never interpreted as HTML.
const HOSTILE = `<img src="x" data-hostile="img" onerror="window.__pwned=1"><script data-hostile="script">window.__pwned=2</script><b data-hostile="b">bold</b>`;

function hostileResponse() {
  const d = deploymentIn('failing');
  return deploymentsResponse([
    {
      ...d,
      drift: {
        ...d.drift,
        reasons: [{ code: 'ready-false', message: `Ready=False: ${HOSTILE}` }],
      },
      pendingCommits: [commit(SHA_PENDING, { message: `feat: ${HOSTILE}` })],
      problem: {
        code: 'repository-not-allowed',
        message: `refused ${HOSTILE}`,
      },
    },
  ]);
}

describe.each([
  ['the deployments card', () => <EntityGitOpsDeploymentsCard />],
  ['the GitOps tab', () => <EntityGitOpsContent />],
])('untrusted text in %s', (_where, element) => {
  afterEach(() => {
    delete (window as any).__pwned;
  });

  it('is rendered as text: no element from it, nothing run', async () => {
    const { container } = await renderWithEntity(element(), {
      api: fakeGitOpsApi({
        getEntityDeployments: async () => hostileResponse(),
      }),
    });
    await screen.findAllByText(/Ready=False/);
    expect(container.textContent).toContain('<script data-hostile="script">');
    expect(container.querySelector('[data-hostile]')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect((window as any).__pwned).toBeUndefined();
  });
});
