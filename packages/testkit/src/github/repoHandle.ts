import { GitRepository } from '../git/gitRepository';
import { GitReader } from './gitReader';
import { GitHubError } from './errors';
import { PullRecord } from './shapes/pulls';
import { RepoChecks } from './shapes/checks';
import { RepoContext } from './shapes/context';
import { RouteRequest } from './router';

/** Everything a route needs to answer for one repository. */
export interface RepoHandle {
  ctx: RepoContext;
  git: GitRepository;
  reader: GitReader;
  cloneUrl: string;
  /** Pull requests by number; the facade keeps them in memory. */
  pulls: Map<number, PullRecord>;
  /** Commit statuses and check runs CI posted; kept in memory. */
  checks: RepoChecks;
}

/** What routes receive as their context. */
export interface FacadeContext {
  /** The repository named in the path; throws 404 when unknown. */
  repo(owner: string, name: string): Promise<RepoHandle>;
}

export type FacadeRequest = RouteRequest<FacadeContext>;

/** The repository of a /repos/{owner}/{repo}/... request. */
export function repoOf(request: FacadeRequest): Promise<RepoHandle> {
  return request.context.repo(request.params.owner, request.params.repo);
}

/** Resolves a branch, tag or SHA to a commit, or answers 404 like GitHub. */
export async function commitOr404(
  handle: RepoHandle,
  ref: string,
): Promise<string> {
  const sha =
    (await handle.git.tryResolve(`refs/heads/${ref}`)) ??
    (await handle.git.tryResolve(`refs/tags/${ref}`)) ??
    (/^[0-9a-f]{4,40}$/i.test(ref)
      ? await handle.git.tryResolve(ref)
      : undefined);
  if (!sha) throw new GitHubError(404, `No commit found for SHA: ${ref}`);
  return sha;
}

/** A required string field of a JSON request body, or 422. */
export function requiredString(body: any, field: string): string {
  const value = body?.[field];
  if (typeof value !== 'string' || value === '') {
    throw new GitHubError(
      422,
      `Invalid request.\n\n"${field}" wasn't supplied.`,
    );
  }
  return value;
}
