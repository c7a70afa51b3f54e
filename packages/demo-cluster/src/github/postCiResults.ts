import { ReviewsCi } from '../content/reviewsRepo';

/** Where CI reports to: the GitHub-compatible API, as a CI system would. */
export interface CiTarget {
  apiUrl: string;
  token: string;
  /** "owner/name" */
  repository: string;
  /** Base of the fictional CI's links to its runs. */
  ciWebUrl?: string;
}

const CI_WEB = 'https://ci.acme-shop.example';

const SCAN_STATE = {
  passed: 'success',
  'tests-failed': 'success',
  'scan-failed': 'failure',
  running: 'pending',
} as const;

/** The check runs (GitHub Actions) and the commit status (an image scanner) of one result. */
export function reportsOf(result: ReviewsCi): {
  checkRuns: Array<{
    name: string;
    status: 'completed' | 'in_progress';
    conclusion?: 'success' | 'failure';
  }>;
  status: { context: string; state: 'success' | 'failure' | 'pending' };
} {
  const done = (conclusion: 'success' | 'failure') => ({
    status: 'completed' as const,
    conclusion,
  });
  return {
    checkRuns: [
      { name: 'build', ...done('success') },
      result === 'running'
        ? { name: 'e2e', status: 'in_progress' }
        : {
            name: 'e2e',
            ...done(result === 'tests-failed' ? 'failure' : 'success'),
          },
    ],
    status: { context: 'security/image-scan', state: SCAN_STATE[result] },
  };
}

async function post(target: CiTarget, path: string, body: object) {
  const response = await fetch(`${target.apiUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `token ${target.token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) {
    throw new Error(
      `CI could not report to ${path}: ${
        response.status
      } ${await response.text()}`,
    );
  }
}

/**
 * Posts a commit's CI results the way GitHub receives them: check runs
 * through POST /repos/{o}/{r}/check-runs and a commit status through
 * POST /repos/{o}/{r}/statuses/{sha}, each linking to its (fictional) run.
 */
export async function postCiResults(
  target: CiTarget,
  sha: string,
  result: ReviewsCi,
): Promise<void> {
  const web = `${target.ciWebUrl ?? CI_WEB}/${target.repository}`;
  const { checkRuns, status } = reportsOf(result);
  for (const run of checkRuns) {
    await post(target, `/repos/${target.repository}/check-runs`, {
      name: run.name,
      head_sha: sha,
      status: run.status,
      ...(run.conclusion ? { conclusion: run.conclusion } : {}),
      details_url: `${web}/runs/${sha.slice(0, 7)}/${run.name}`,
    });
  }
  await post(target, `/repos/${target.repository}/statuses/${sha}`, {
    state: status.state,
    context: status.context,
    description:
      status.state === 'failure'
        ? 'CVE-2026-4211 in libxml2 (high)'
        : `image scan ${status.state}`,
    target_url: `${web}/scans/${sha.slice(0, 7)}`,
  });
}
