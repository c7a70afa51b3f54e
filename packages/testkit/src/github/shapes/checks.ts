import {
  nodeId,
  RepoContext,
  repoApiUrl,
  repoWebUrl,
  stableId,
} from './context';
import { repositoryJson } from './repository';
import { ownerUser } from './users';

/** A commit status as CI posts it (POST /statuses/{sha}). */
export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A check run as a GitHub App creates it (POST /check-runs). */
export interface CheckRunRecord {
  id: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion:
    | 'success'
    | 'failure'
    | 'neutral'
    | 'cancelled'
    | 'skipped'
    | 'timed_out'
    | 'action_required'
    | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
}

/** What the facade keeps per repository for CI. */
export interface RepoChecks {
  statuses: StatusRecord[];
  checkRuns: CheckRunRecord[];
}

/** GitHub's `status` (one posted commit status). */
export function statusJson(ctx: RepoContext, status: StatusRecord) {
  const { api, web } = ctx;
  return {
    url: `${repoApiUrl(ctx)}/statuses/${status.sha}`,
    avatar_url: `${web}/avatars/ci`,
    id: status.id,
    node_id: nodeId('StatusContext', String(status.id)),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: ownerUser(api, web, 'ci-bot'),
  };
}

/**
 * GitHub's combined status of a ref: the latest status per context, and a
 * state that is failure if any is error or failure, pending if any is
 * pending (or there are none), else success.
 */
export function combinedStatusJson(
  ctx: RepoContext,
  cloneUrl: string,
  sha: string,
  statuses: StatusRecord[],
) {
  const latest = new Map<string, StatusRecord>();
  for (const status of statuses) {
    if (status.sha !== sha) continue;
    const seen = latest.get(status.context);
    if (!seen || status.id > seen.id) latest.set(status.context, status);
  }
  const list = [...latest.values()].sort((a, b) => b.id - a.id);
  let state = 'success';
  if (list.length === 0 || list.some(s => s.state === 'pending'))
    state = 'pending';
  if (list.some(s => s.state === 'failure' || s.state === 'error'))
    state = 'failure';
  const { web } = ctx;
  return {
    state,
    statuses: list.map(s => ({
      description: s.description,
      id: s.id,
      node_id: nodeId('StatusContext', String(s.id)),
      state: s.state,
      context: s.context,
      target_url: s.targetUrl,
      avatar_url: `${web}/avatars/ci`,
      url: `${repoApiUrl(ctx)}/statuses/${s.sha}`,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })),
    sha,
    total_count: list.length,
    repository: repositoryJson(ctx, cloneUrl),
    commit_url: `${repoApiUrl(ctx)}/commits/${sha}`,
    url: `${repoApiUrl(ctx)}/commits/${sha}/status`,
  };
}

/** GitHub's `check-run`; the app that made it is not modelled (null). */
export function checkRunJson(ctx: RepoContext, run: CheckRunRecord) {
  const url = `${repoApiUrl(ctx)}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', String(run.id)),
    external_id: null,
    url,
    html_url: `${repoWebUrl(ctx)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: stableId(`suite:${run.headSha}`) },
    app: null,
    pull_requests: [],
  };
}
