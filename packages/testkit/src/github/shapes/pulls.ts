import {
  nodeId,
  RepoContext,
  repoApiUrl,
  repoWebUrl,
  stableId,
} from './context';
import { repositoryJson } from './repository';
import { ownerUser, simpleUser } from './users';

/** What the facade remembers about a pull request. */
export interface PullRecord {
  number: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  /** The head commit; frozen when the pull request is merged or closed. */
  headSha: string;
  baseSha: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  authorEmail: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
}

/** Computed details only the single pull request view carries. */
export interface PullDetails {
  mergeable: boolean | null;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

function branchJson(
  ctx: RepoContext,
  cloneUrl: string,
  ref: string,
  sha: string,
) {
  return {
    label: `${ctx.owner}:${ref}`,
    ref,
    sha,
    user: ownerUser(ctx.api, ctx.web, ctx.owner),
    repo: repositoryJson(ctx, cloneUrl),
  };
}

/** GitHub's `pull-request-simple` (the list form). */
export function pullRequestSimpleJson(
  ctx: RepoContext,
  cloneUrl: string,
  pr: PullRecord,
) {
  const repoUrl = repoApiUrl(ctx);
  const url = `${repoUrl}/pulls/${pr.number}`;
  const html = `${repoWebUrl(ctx)}/pull/${pr.number}`;
  const issue = `${repoUrl}/issues/${pr.number}`;
  const statuses = `${repoUrl}/statuses/${pr.headSha}`;
  const seed = `${ctx.owner}/${ctx.name}#${pr.number}`;
  return {
    url,
    id: stableId(`pull:${seed}`),
    node_id: nodeId('PullRequest', seed),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(ctx.api, ctx.web, pr.authorEmail),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(ctx, cloneUrl, pr.head, pr.headSha),
    base: branchJson(ctx, cloneUrl, pr.base, pr.baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: statuses },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: pr.draft,
  };
}

/** GitHub's `pull-request` (the single, detailed form). */
export function pullRequestJson(
  ctx: RepoContext,
  cloneUrl: string,
  pr: PullRecord,
  details: PullDetails,
) {
  let mergeableState = 'unknown';
  if (pr.state === 'open')
    mergeableState = details.mergeable ? 'clean' : 'dirty';
  return {
    ...pullRequestSimpleJson(ctx, cloneUrl, pr),
    merged: pr.merged,
    mergeable: pr.state === 'open' ? details.mergeable : null,
    rebaseable: pr.state === 'open' ? details.mergeable : null,
    mergeable_state: mergeableState,
    merged_by: pr.merged ? simpleUser(ctx.api, ctx.web, pr.authorEmail) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: details.commits,
    additions: details.additions,
    deletions: details.deletions,
    changed_files: details.changedFiles,
  };
}
