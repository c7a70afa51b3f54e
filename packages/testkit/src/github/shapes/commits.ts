import { CommitData, FileChange } from '../gitReader';
import { nodeId, RepoContext, repoApiUrl, repoWebUrl } from './context';
import { simpleUser } from './users';

const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

/** GitHub's `diff-entry` for one changed file. */
export function diffEntryJson(
  ctx: RepoContext,
  commitSha: string,
  change: FileChange,
) {
  const url = repoApiUrl(ctx);
  const entry: Record<string, unknown> = {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${repoWebUrl(ctx)}/blob/${commitSha}/${change.filename}`,
    raw_url: `${repoWebUrl(ctx)}/raw/${commitSha}/${change.filename}`,
    contents_url: `${url}/contents/${change.filename}?ref=${commitSha}`,
  };
  if (change.previousFilename)
    entry.previous_filename = change.previousFilename;
  return entry;
}

/** GitHub's `commit` object; with `files`, also stats and files (single-commit form). */
export function commitJson(
  ctx: RepoContext,
  commit: CommitData,
  files?: FileChange[],
) {
  const url = repoApiUrl(ctx);
  const json: Record<string, unknown> = {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${url}/commits/${commit.sha}`,
    html_url: `${repoWebUrl(ctx)}/commit/${commit.sha}`,
    comments_url: `${url}/commits/${commit.sha}/comments`,
    commit: {
      url: `${url}/git/commits/${commit.sha}`,
      author: {
        name: commit.authorName,
        email: commit.authorEmail,
        date: commit.authorDate,
      },
      committer: {
        name: commit.committerName,
        email: commit.committerEmail,
        date: commit.committerDate,
      },
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: `${url}/git/trees/${commit.tree}` },
      verification: UNSIGNED,
    },
    author: simpleUser(ctx.api, ctx.web, commit.authorEmail),
    committer: simpleUser(ctx.api, ctx.web, commit.committerEmail),
    parents: commit.parents.map(sha => ({
      sha,
      url: `${url}/commits/${sha}`,
      html_url: `${repoWebUrl(ctx)}/commit/${sha}`,
    })),
  };
  if (files) {
    const additions = files.reduce((sum, f) => sum + f.additions, 0);
    const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
    json.stats = { additions, deletions, total: additions + deletions };
    json.files = files.map(file => diffEntryJson(ctx, commit.sha, file));
  }
  return json;
}

/** GitHub's `git-commit` object (the Git database view of a commit). */
export function gitCommitJson(ctx: RepoContext, commit: CommitData) {
  const url = repoApiUrl(ctx);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${url}/git/commits/${commit.sha}`,
    html_url: `${repoWebUrl(ctx)}/commit/${commit.sha}`,
    author: {
      name: commit.authorName,
      email: commit.authorEmail,
      date: commit.authorDate,
    },
    committer: {
      name: commit.committerName,
      email: commit.committerEmail,
      date: commit.committerDate,
    },
    tree: { sha: commit.tree, url: `${url}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${url}/git/commits/${sha}`,
      html_url: `${repoWebUrl(ctx)}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

function comparisonStatus(aheadBy: number, behindBy: number) {
  if (aheadBy && behindBy) return 'diverged';
  if (aheadBy) return 'ahead';
  if (behindBy) return 'behind';
  return 'identical';
}

/** GitHub's `commit-comparison` object. */
export function comparisonJson(
  ctx: RepoContext,
  input: {
    basehead: string;
    base: CommitData;
    mergeBase: CommitData;
    aheadBy: number;
    behindBy: number;
    commits: CommitData[];
    files: FileChange[];
    headSha: string;
  },
) {
  const status = comparisonStatus(input.aheadBy, input.behindBy);
  const web = repoWebUrl(ctx);
  return {
    url: `${repoApiUrl(ctx)}/compare/${input.basehead}`,
    html_url: `${web}/compare/${input.basehead}`,
    permalink_url: `${web}/compare/${input.base.sha}...${input.headSha}`,
    diff_url: `${web}/compare/${input.basehead}.diff`,
    patch_url: `${web}/compare/${input.basehead}.patch`,
    base_commit: commitJson(ctx, input.base),
    merge_base_commit: commitJson(ctx, input.mergeBase),
    status,
    ahead_by: input.aheadBy,
    behind_by: input.behindBy,
    total_commits: input.aheadBy,
    commits: input.commits.map(commit => commitJson(ctx, commit)),
    files: input.files.map(file => diffEntryJson(ctx, input.headSha, file)),
  };
}
