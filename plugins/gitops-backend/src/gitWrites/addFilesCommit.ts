import path from 'node:path';
import type {
  GitOpsAddFilesRequest,
  GitOpsWriteContext,
} from '@gitops-console/plugin-gitops-node';
import { GitOpsPathExistsError } from '@gitops-console/plugin-gitops-node';
import {
  ACTION_TRAILER,
  REQUESTER_TRAILER,
  checkActionId,
  identityEnv,
} from './commitMessage';
import type { GitWorkspace } from './GitWorkspace';
import type { BotIdentity } from './readActionsConfig';

/** The commit that adds the files, made in the workspace (not pushed). */
export interface AddFilesCommit {
  /** The branch tip the commit is based on. */
  head: string;
  headTree: string;
  tree: string;
  commit: string;
  message: string;
}

/** A repository-relative file path with no way out of the repository. */
function checkFilePath(file: string): void {
  const segments = file.split('/');
  if (
    !file ||
    file.startsWith('/') ||
    segments.some(s => s === '' || s === '.' || s === '..' || s === '.git')
  ) {
    throw new Error(
      `'${file}' is not a repository-relative file path (no leading '/', '.', '..', '.git' or empty segments)`,
    );
  }
}

/** Title, body, then the trailers that let a retried write find this commit. */
export function addFilesMessage(
  request: GitOpsAddFilesRequest,
  context: GitOpsWriteContext,
): string {
  checkActionId(context.writeId);
  const title = request.title.replace(/\s+/g, ' ').trim();
  const lines = [title, ''];
  if (request.body?.trim()) lines.push(request.body.trim(), '');
  lines.push(
    `${ACTION_TRAILER}: ${context.writeId}`,
    `${REQUESTER_TRAILER}: ${context.requestedBy.replace(/\s+/g, ' ').trim()}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Which of the paths exist at a revision (a file or a folder). */
async function existingPaths(
  workspace: GitWorkspace,
  rev: string,
  paths: string[],
): Promise<string[]> {
  if (!paths.length) return [];
  // One line per path: "<sha> <type> <size>", or "<rev>:<path> missing".
  const answers = (
    await workspace.git(['cat-file', '--batch-check'], {
      input: paths.map(p => `${rev}:${p}\n`).join(''),
    })
  ).split('\n');
  return paths.filter((_, i) => !answers[i]?.endsWith(' missing'));
}

/**
 * Makes one commit on the branch tip that adds the files, in a private
 * index (the workspace has no checkout). Refuses, before anything is
 * written, when a `mustNotExist` path or one of the files exists already.
 */
export async function makeAddFilesCommit(
  workspace: GitWorkspace,
  request: GitOpsAddFilesRequest,
  context: GitOpsWriteContext,
  identity: BotIdentity,
): Promise<AddFilesCommit> {
  const files = Object.keys(request.files);
  if (!files.length) throw new Error('there are no files to add');
  files.forEach(checkFilePath);
  request.mustNotExist.forEach(checkFilePath);
  const message = addFilesMessage(request, context);

  const head = (
    await workspace.git([
      'rev-parse',
      '--verify',
      `refs/remotes/origin/${workspace.branch}^{commit}`,
    ])
  ).trim();
  const taken = await existingPaths(workspace, head, [
    ...new Set([...request.mustNotExist, ...files]),
  ]);
  if (taken.length) {
    // A taken folder names the files under it already.
    const named = taken.filter(
      p => !taken.some(folder => folder !== p && p.startsWith(`${folder}/`)),
    );
    throw new GitOpsPathExistsError(named, request.repoUrl, request.branch);
  }

  const env = { GIT_INDEX_FILE: path.join(workspace.dir, 'add-files.index') };
  await workspace.git(['read-tree', head], { env });
  for (const file of files) {
    const blob = (
      await workspace.git(['hash-object', '-w', '--stdin'], {
        input: request.files[file],
      })
    ).trim();
    await workspace.git(
      ['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`],
      { env },
    );
  }
  const tree = (await workspace.git(['write-tree'], { env })).trim();
  const headTree = (
    await workspace.git(['rev-parse', `${head}^{tree}`])
  ).trim();
  const commit = (
    await workspace.git(['commit-tree', tree, '-p', head, '-F', '-'], {
      input: message,
      env: identityEnv(identity),
    })
  ).trim();
  return { head, headTree, tree, commit, message };
}

/** `gitops-console/scaffold-<short id>`: the branch of a branch or pull-request delivery. */
export function addFilesBranchName(writeId: string): string {
  checkActionId(writeId);
  const short = writeId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toLowerCase();
  return `gitops-console/scaffold-${short || 'write'}`;
}
