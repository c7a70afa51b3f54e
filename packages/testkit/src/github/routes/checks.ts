import { GitHubError } from '../errors';
import {
  commitOr404,
  FacadeContext,
  repoOf,
  requiredString,
} from '../repoHandle';
import { Route } from '../router';
import {
  checkRunJson,
  CheckRunRecord,
  combinedStatusJson,
  statusJson,
  StatusRecord,
} from '../shapes/checks';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
let nextId = 1000;

const STATES = ['error', 'failure', 'pending', 'success'] as const;
const RUN_STATUSES = ['queued', 'in_progress', 'completed'] as const;
const CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
] as const;

function invalid(resource: string, field: string) {
  return new GitHubError(422, 'Validation Failed', {
    errors: [{ resource, field, code: 'invalid' }],
  });
}

function optionalString(body: any, field: string): string | null {
  const value = body?.[field];
  return typeof value === 'string' ? value : null;
}

/** POST /repos/{owner}/{repo}/statuses/{sha} { state, target_url?, description?, context? } */
const createStatus: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/statuses/{sha}',
  async handle(request) {
    const handle = await repoOf(request);
    const sha = await commitOr404(handle, request.params.sha);
    const state = requiredString(request.body, 'state');
    if (!(STATES as readonly string[]).includes(state)) {
      throw invalid('Status', 'state');
    }
    const at = now();
    const status: StatusRecord = {
      id: nextId++,
      sha,
      state: state as StatusRecord['state'],
      context: optionalString(request.body, 'context') ?? 'default',
      description: optionalString(request.body, 'description'),
      targetUrl: optionalString(request.body, 'target_url'),
      createdAt: at,
      updatedAt: at,
    };
    handle.checks.statuses.push(status);
    return { status: 201, body: statusJson(handle.ctx, status) };
  },
};

/** GET /repos/{owner}/{repo}/commits/{ref}/status: the combined status. */
const combinedStatus: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/commits/{ref}/status',
  async handle(request) {
    const handle = await repoOf(request);
    const sha = await commitOr404(handle, request.params.ref);
    return {
      status: 200,
      body: combinedStatusJson(
        handle.ctx,
        handle.cloneUrl,
        sha,
        handle.checks.statuses,
      ),
    };
  },
};

/** POST /repos/{owner}/{repo}/check-runs { name, head_sha, status?, conclusion?, details_url? } */
const createCheckRun: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/check-runs',
  async handle(request) {
    const handle = await repoOf(request);
    const name = requiredString(request.body, 'name');
    const headSha = await commitOr404(
      handle,
      requiredString(request.body, 'head_sha'),
    );
    const conclusion = optionalString(request.body, 'conclusion');
    if (
      conclusion &&
      !(CONCLUSIONS as readonly string[]).includes(conclusion)
    ) {
      throw invalid('CheckRun', 'conclusion');
    }
    const status =
      optionalString(request.body, 'status') ??
      (conclusion ? 'completed' : 'queued');
    if (!(RUN_STATUSES as readonly string[]).includes(status)) {
      throw invalid('CheckRun', 'status');
    }
    if (status === 'completed' && !conclusion) {
      throw invalid('CheckRun', 'conclusion');
    }
    const at = now();
    const run: CheckRunRecord = {
      id: nextId++,
      headSha,
      name,
      status: status as CheckRunRecord['status'],
      conclusion: (conclusion as CheckRunRecord['conclusion']) ?? null,
      detailsUrl: optionalString(request.body, 'details_url'),
      startedAt: at,
      completedAt: status === 'completed' ? at : null,
    };
    handle.checks.checkRuns.push(run);
    return { status: 201, body: checkRunJson(handle.ctx, run) };
  },
};

/** GET /repos/{owner}/{repo}/commits/{ref}/check-runs */
const listCheckRuns: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
  async handle(request) {
    const handle = await repoOf(request);
    const sha = await commitOr404(handle, request.params.ref);
    // Like GitHub's default filter=latest: the newest run of each name.
    const latest = new Map<string, CheckRunRecord>();
    for (const run of handle.checks.checkRuns) {
      if (run.headSha !== sha) continue;
      const seen = latest.get(run.name);
      if (!seen || run.id > seen.id) latest.set(run.name, run);
    }
    const runs = [...latest.values()].sort((a, b) => b.id - a.id);
    return {
      status: 200,
      body: {
        total_count: runs.length,
        check_runs: runs.map(run => checkRunJson(handle.ctx, run)),
      },
    };
  },
};

export const checkRoutes = [
  createStatus,
  combinedStatus,
  createCheckRun,
  listCheckRuns,
];
