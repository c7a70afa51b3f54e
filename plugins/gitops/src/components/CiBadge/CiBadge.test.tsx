import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  commit,
  deployment,
  SHA_DEPLOYED,
  SHA_PENDING,
} from '../../__testUtils__/fixtures';
import { HistoryTimeline } from '../EntityGitOpsContent/HistoryTimeline';
import { PendingCommitsList } from '../EntityGitOpsContent/PendingCommitsList';
import { DeployedRevision } from '../common';
import { CiBadge } from './CiBadge';

const RUN = 'https://github.example.com/org/repo/actions/runs/7';

/** External links add ", Opens in a new window" to their name. */
const named = (label: string) => (name: string) => name.startsWith(label);

describe('CiBadge', () => {
  it.each([
    ['success', 3, 'CI passed (3 checks)'],
    ['failure', 1, 'CI failed (1 check)'],
    ['pending', 2, 'CI running (2 checks)'],
  ] as const)(
    'names a %s state and links to the run',
    async (state, count, name) => {
      await renderInTestApp(<CiBadge ci={{ state, count, url: RUN }} />);
      expect(screen.getByRole('link', { name: named(name) })).toHaveAttribute(
        'href',
        RUN,
      );
    },
  );

  it('says when CI reported nothing, without a link', async () => {
    await renderInTestApp(<CiBadge ci={{ state: 'none', count: 0 }} />);
    expect(screen.getByRole('img', { name: 'No CI reported' })).toBeVisible();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows nothing for a commit whose host reports no CI', async () => {
    const { container } = await renderInTestApp(<CiBadge />);
    expect(container.textContent).toBe('');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});

describe('CI state on commits', () => {
  it('marks a pending commit whose CI failed, and not one that passed', async () => {
    const failed = commit(SHA_PENDING, {
      message: 'Bump the cart API',
      ci: { state: 'failure', count: 2, url: RUN },
    });
    const passed = commit('77'.repeat(20), {
      message: 'Tidy the README',
      ci: { state: 'success', count: 2 },
    });
    await renderInTestApp(
      <PendingCommitsList
        deployment={deployment({ pendingCommits: [failed, passed] })}
      />,
    );
    const [first, second] = screen.getAllByRole('listitem');
    expect(
      within(first).getByRole('link', { name: named('CI failed (2 checks)') }),
    ).toHaveAttribute('href', RUN);
    expect(within(first).getByText(/CI failed on this commit/)).toBeVisible();
    expect(
      within(second).getByRole('img', { name: 'CI passed (2 checks)' }),
    ).toBeVisible();
    expect(within(second).queryByText(/CI failed on this commit/)).toBeNull();
  });

  it('shows the CI state of history entries and of the deployed commit', async () => {
    const d = deployment({
      deployedCommit: commit(SHA_DEPLOYED, {
        ci: { state: 'success', count: 4, url: RUN },
      }),
    });
    await renderInTestApp(
      <>
        <DeployedRevision deployment={d} />
        <HistoryTimeline
          history={[
            {
              revision: SHA_PENDING,
              commit: commit(SHA_PENDING, {
                ci: { state: 'pending', count: 1 },
              }),
            },
          ]}
        />
      </>,
    );
    expect(
      screen.getByRole('link', { name: named('CI passed (4 checks)') }),
    ).toBeVisible();
    expect(
      within(screen.getByRole('region', { name: 'History' })).getByRole('img', {
        name: 'CI running (1 check)',
      }),
    ).toBeVisible();
  });
});
