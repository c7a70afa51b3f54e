import { normalizeGitPath, validRefName } from '../git/refs';
import {
  CommitNotOnPathError,
  GitActionRefusedError,
  NothingToUndoError,
  StaleHeadError,
  TargetNotInHistoryError,
} from './errors';
import type { GitWorkspace } from './GitWorkspace';
import { changedFiles, revertTree, rollbackTree } from './resultTree';
import { LineCommit, listed, readLineCommits, underAny } from './readCommits';
import type {
  ActionWarning,
  GitActionPlan,
  GitActionRequest,
  RevertRequest,
  RollbackRequest,
} from './types';
import { DEFAULT_RISKY_COMMIT_PATTERN } from './readActionsConfig';

export interface PlanOptions {
  /** Matched against full commit messages. Default /migration|schema/i. */
  riskyCommitPattern?: RegExp;
}

const REVISION = /^[0-9a-f]{4,40}$/i;
const STALE_LIST_LIMIT = 50;

function normalizedPaths(paths: string[]): string[] {
  if (paths.length === 0) {
    throw new GitActionRefusedError(
      'path',
      'path-missing',
      'path: at least one path is required',
    );
  }
  const out = paths.map(p => {
    try {
      return normalizeGitPath(p);
    } catch (error) {
      throw new GitActionRefusedError(
        'path',
        'path-invalid',
        (error as Error).message,
      );
    }
  });
  return [...new Set(out)];
}

/** Resolves a revision to a commit that the branch tip reaches. */
async function ancestorCommit(
  workspace: GitWorkspace,
  head: string,
  field: string,
  revision: string,
): Promise<string> {
  if (!REVISION.test(revision) && !validRefName(revision)) {
    throw new TargetNotInHistoryError(
      field,
      JSON.stringify(revision),
      'it is not a commit SHA or a ref name',
    );
  }
  const sha = await workspace.tryResolve(revision);
  if (!sha) {
    throw new TargetNotInHistoryError(
      field,
      revision,
      `no such commit in the repository's branch ${workspace.branch}`,
    );
  }
  const reached = await workspace.call(
    ['merge-base', '--is-ancestor', sha, head],
    { okCodes: [1] },
  );
  if (reached.exitCode !== 0) {
    throw new TargetNotInHistoryError(
      field,
      revision,
      `it is not an ancestor of branch ${workspace.branch}`,
    );
  }
  return sha;
}

async function branchHead(workspace: GitWorkspace): Promise<string> {
  const head = await workspace.tryResolve(
    `refs/remotes/origin/${workspace.branch}`,
  );
  if (!head) throw new Error(`branch ${workspace.branch} has no commit`);
  return head;
}

/** The newest commit on the paths; the branch tip when none touches them. */
async function newestOnPaths(
  workspace: GitWorkspace,
  head: string,
  paths: string[],
) {
  const [newest] = await readLineCommits(workspace, head, paths, 1);
  return newest?.sha ?? head;
}

/** Refuses when the paths have commits newer than `expectedHead`. */
async function checkExpectedHead(
  workspace: GitWorkspace,
  head: string,
  paths: string[],
  newest: string,
  expectedHead: string | undefined,
) {
  if (expectedHead === undefined) return;
  const expected = REVISION.test(expectedHead)
    ? await workspace.tryResolve(expectedHead)
    : undefined;
  if (expected === newest) return;
  const reached =
    expected &&
    (
      await workspace.call(['merge-base', '--is-ancestor', expected, head], {
        okCodes: [1],
      })
    ).exitCode === 0;
  // Not a commit of the branch: every commit on the paths is news to the caller.
  const newer = await readLineCommits(
    workspace,
    reached ? `${expected}..${head}` : head,
    paths,
    STALE_LIST_LIMIT,
  );
  if (reached && newer.length === 0) return;
  throw new StaleHeadError(
    expectedHead,
    newer.map(c => ({ sha: c.sha, subject: c.subject })),
  );
}

function riskyWarning(
  commits: LineCommit[],
  pattern: RegExp,
  what: 'rollback' | 'revert',
): ActionWarning[] {
  const risky = commits.filter(c => pattern.test(c.message));
  if (risky.length === 0) return [];
  const lead =
    what === 'rollback'
      ? `The target predates ${risky.length} commit(s)`
      : 'The reverted commit has a message';
  return [
    {
      code: 'risky-commit',
      message: `${lead} matching /${pattern.source}/ (e.g. a migration); undoing it may need more than a Git change.`,
      commits: risky.map(listed),
      files: [...new Set(risky.flatMap(c => c.files))].sort(),
    },
  ];
}

/** Commits since the target that changed render inputs outside the paths. */
async function outsideChanges(
  workspace: GitWorkspace,
  range: string,
  paths: string[],
  renderInputs: string[] | undefined,
): Promise<LineCommit[]> {
  const inputs = normalizedPaths(['', ...(renderInputs ?? [])]).filter(
    input => input !== '' && !underAny(input, paths),
  );
  if (inputs.length === 0) return [];
  const commits = await readLineCommits(workspace, range, inputs);
  return commits
    .map(c => ({ ...c, files: c.files.filter(f => !underAny(f, paths)) }))
    .filter(c => c.files.length > 0);
}

/** What a rollback of the paths to `targetRevision` would do. */
export async function planRollback(
  workspace: GitWorkspace,
  request: Omit<RollbackRequest, 'type' | 'repoUrl' | 'branch'>,
  options: PlanOptions = {},
): Promise<GitActionPlan> {
  const pattern =
    options.riskyCommitPattern ?? new RegExp(DEFAULT_RISKY_COMMIT_PATTERN, 'i');
  const paths = normalizedPaths(request.paths);
  const head = await branchHead(workspace);
  const target = await ancestorCommit(
    workspace,
    head,
    'targetRevision',
    request.targetRevision,
  );
  const missing: string[] = [];
  for (const p of paths) {
    if (p === '') continue;
    const found = await workspace.git(['ls-tree', target, '--', p], {
      env: { GIT_LITERAL_PATHSPECS: '1' },
    });
    if (!found.trim()) missing.push(p);
  }
  if (missing.length > 0) {
    throw new TargetNotInHistoryError(
      'targetRevision',
      request.targetRevision,
      `path ${missing.join(', ')} does not exist at that commit`,
    );
  }
  const newest = await newestOnPaths(workspace, head, paths);
  await checkExpectedHead(workspace, head, paths, newest, request.expectedHead);
  const undone = await readLineCommits(workspace, `${target}..${head}`, paths);
  const headTree = (
    await workspace.git(['rev-parse', `${head}^{tree}`])
  ).trim();
  const resultTree = undone.length
    ? await rollbackTree(workspace, head, target, paths)
    : headTree;
  if (resultTree === headTree) {
    throw new NothingToUndoError('targetRevision', request.targetRevision);
  }
  const outside = await outsideChanges(
    workspace,
    `${target}..${head}`,
    paths,
    request.renderInputs,
  );
  const warnings: ActionWarning[] = [];
  if (outside.length > 0) {
    const files = [...new Set(outside.flatMap(c => c.files))].sort();
    warnings.push({
      code: 'changes-outside-path',
      message: `${files.length} file(s) this deployment renders from, outside ${
        paths.join(', ') || 'the path'
      }, changed since the target in ${
        outside.length
      } commit(s); the rollback does not undo them.`,
      commits: outside.map(listed),
      files,
    });
  }
  warnings.push(...riskyWarning([...undone, ...outside], pattern, 'rollback'));
  return {
    type: 'rollback',
    branch: workspace.branch,
    paths,
    head,
    expectedHead: newest,
    target,
    commitsUndone: undone.map(listed),
    files: await changedFiles(workspace, headTree, resultTree),
    warnings,
    resultTree,
  };
}

/** What reverting `commit` under the paths would do. */
export async function planRevert(
  workspace: GitWorkspace,
  request: Omit<RevertRequest, 'type' | 'repoUrl' | 'branch'>,
  options: PlanOptions = {},
): Promise<GitActionPlan> {
  const pattern =
    options.riskyCommitPattern ?? new RegExp(DEFAULT_RISKY_COMMIT_PATTERN, 'i');
  const paths = normalizedPaths(request.paths);
  if (!REVISION.test(request.commit)) {
    throw new TargetNotInHistoryError(
      'commit',
      JSON.stringify(request.commit),
      'it is not a commit SHA',
    );
  }
  const head = await branchHead(workspace);
  const commit = await ancestorCommit(
    workspace,
    head,
    'commit',
    request.commit,
  );
  const parent = await workspace.tryResolve(`${commit}^1`);
  const [reverted] = await readLineCommits(workspace, `${commit}^!`, []);
  const onPaths = reverted.files.filter(f => underAny(f, paths));
  if (onPaths.length === 0) {
    throw new CommitNotOnPathError(commit, paths);
  }
  const newest = await newestOnPaths(workspace, head, paths);
  await checkExpectedHead(workspace, head, paths, newest, request.expectedHead);
  const headTree = (
    await workspace.git(['rev-parse', `${head}^{tree}`])
  ).trim();
  const resultTree = await revertTree(workspace, head, commit, parent, paths);
  if (resultTree === headTree) {
    throw new NothingToUndoError('commit', request.commit);
  }
  const warnings: ActionWarning[] = [];
  const outside = reverted.files.filter(f => !underAny(f, paths));
  if (outside.length > 0) {
    warnings.push({
      code: 'commit-outside-path',
      message: `The commit also changed ${outside.length} file(s) outside ${
        paths.join(', ') || 'the path'
      }; the revert leaves them as they are.`,
      commits: [listed(reverted)],
      files: outside.sort(),
    });
  }
  warnings.push(...riskyWarning([reverted], pattern, 'revert'));
  return {
    type: 'revert-commit',
    branch: workspace.branch,
    paths,
    head,
    expectedHead: newest,
    commit,
    commitsUndone: [listed(reverted)],
    files: await changedFiles(workspace, headTree, resultTree),
    warnings,
    resultTree,
  };
}

/** Plans either kind of request. */
export function planAction(
  workspace: GitWorkspace,
  request: GitActionRequest,
  options: PlanOptions = {},
): Promise<GitActionPlan> {
  return request.type === 'rollback'
    ? planRollback(workspace, request, options)
    : planRevert(workspace, request, options);
}
