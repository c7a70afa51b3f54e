import type { GitCiStatus } from '@gitops-console/plugin-gitops-node';

/** The parts of a combined-status answer that are kept. */
export interface CommitStatuses {
  statuses: Array<{ state: string; target_url: string | null }>;
}

/** The parts of a check-runs answer that are kept. */
export interface CheckRuns {
  runs: Array<{
    status: string;
    conclusion: string | null;
    details_url: string | null;
    html_url: string | null;
  }>;
}

const FAILED_CONCLUSIONS = new Set([
  'failure',
  'timed_out',
  'cancelled',
  'action_required',
  'startup_failure',
]);

/**
 * One state from both of GitHub's CI channels, as GitHub's own merge box
 * reads them: any failure fails, anything still running is pending,
 * otherwise success; nothing reported is `none` (not "pending", which is
 * what the combined-status endpoint alone says for a commit without any).
 */
export function combineCiStatus(
  statuses: CommitStatuses,
  checks: CheckRuns,
): GitCiStatus {
  const items = [
    ...statuses.statuses.map(s => ({
      state: statusState(s.state),
      url: s.target_url ?? undefined,
    })),
    ...checks.runs.map(run => ({
      state: checkRunState(run.status, run.conclusion),
      url: run.details_url ?? run.html_url ?? undefined,
    })),
  ];
  if (items.length === 0) return { state: 'none', count: 0 };
  const pick = (state: string) => items.find(i => i.state === state);
  const worst = pick('failure') ?? pick('pending') ?? items[0];
  return {
    state: worst.state as GitCiStatus['state'],
    ...(worst.url && { url: worst.url }),
    count: items.length,
  };
}

function statusState(state: string): GitCiStatus['state'] {
  if (state === 'failure' || state === 'error') return 'failure';
  return state === 'pending' ? 'pending' : 'success';
}

function checkRunState(
  status: string,
  conclusion: string | null,
): GitCiStatus['state'] {
  if (status !== 'completed') return 'pending';
  return FAILED_CONCLUSIONS.has(conclusion ?? '') ? 'failure' : 'success';
}
