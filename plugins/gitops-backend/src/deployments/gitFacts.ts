import type {
  CommitSummary,
  DriftReason,
  ExternalRenderInput,
  RenderInputs,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { CommitLine } from '../git/commitIndex/CommitLine';
import { lastChangeAt, lineFacts } from '../git/commitIndex/lineFacts';
import { GitRepositoryNotAllowedError } from '../git/errors';
import { GitService } from '../git/GitService';
import { InvalidRepoUrlError } from '../git/repoUrl';
import { lineCommitSummary } from './commitSummary';
import { readLegacyGitFacts } from './legacyGitFacts';
import { renderInputsAt } from './renderInputsAt';

/** Lists of commits are capped at this many (docs/git-history.md). */
export const PENDING_LIMIT = 20;

export interface GitSourceQuery {
  repoUrl: string;
  /** Branch, tag or SHA tracked; `HEAD` for the default branch. */
  ref: string;
  path: string;
  /** Argo CD Helm value files of this source, relative to its path. */
  helmValueFiles?: string[];
  /**
   * Inputs given as they are, not resolved from kustomization files: the
   * value files another source reads from this one (an Argo CD `ref` source).
   */
  fixedInputs?: { paths: string[]; external: ExternalRenderInput[] };
  /** The deployed commit, when known. */
  deployedSha?: string;
  /** The revision the CD tool last compared (Argo CD), when known. */
  comparedSha?: string;
  sourceIndex?: number;
}

export interface GitSourceFacts {
  desiredRevision?: string;
  /** The tracked ref's head (may be newer than desiredRevision). */
  headRevision?: string;
  pendingCommits: CommitSummary[];
  pendingTruncated: boolean;
  deployedOnBranch: boolean;
  changedOutsidePath: boolean;
  /** The commit that last changed the render inputs at the deployed revision. */
  lastChange?: CommitSummary;
  renderInputs?: RenderInputs;
  /** The commit that last changed the inputs at another revision (history). */
  commitAt(sha: string): Promise<CommitSummary | undefined>;
  /**
   * Whether an indexed commit is on the tracked line. A history entry off
   * it (a branch since merged) is titled differently once a push brings it
   * onto the line.
   */
  onTrackedLine(sha: string): boolean;
  /** Set when Git could not be read; the deployment then shows it. */
  error?: DriftReason;
  /** Set when the repository may not be read at all: the deployment's problem. */
  problem?: { code: string; message: string };
  /**
   * The files whose change can change these facts, when a new commit that
   * touches none of them changes nothing (the render inputs at the head and
   * at the deployed revision). Absent when any new commit may change them:
   * no commit touching the inputs (the desired revision is the head), a
   * deployed or compared revision not indexed yet, an unreadable input, an
   * error, or facts not read from the commit index.
   */
  watchPaths?: readonly string[];
}

export const NO_GIT_FACTS: GitSourceFacts = {
  pendingCommits: [],
  pendingTruncated: false,
  deployedOnBranch: true,
  changedOutsidePath: false,
  commitAt: async () => undefined,
  onTrackedLine: () => false,
};

/** Errors that mean "this repository may not be read", never retried. */
export function isRepositoryRefusal(error: unknown): boolean {
  return (
    error instanceof GitRepositoryNotAllowedError ||
    error instanceof InvalidRepoUrlError
  );
}

/**
 * What Git says about one source: the desired revision (the newest commit
 * on the tracked line touching the render inputs), the commits on the
 * inputs not deployed yet, the last change at the deployed revision, and
 * whether the deployed commit is on the line. Never throws: a repository
 * that may not be read becomes the facts' `problem`, any other failure an
 * `error` reason, so one bad resource never hides the others.
 */
export async function readGitSourceFacts(
  git: GitProvider,
  query: GitSourceQuery,
): Promise<GitSourceFacts> {
  try {
    if (git instanceof GitService && git.indexable(query.repoUrl)) {
      return await readIndexedFacts(git, query);
    }
    return await readLegacyGitFacts(git, query);
  } catch (error) {
    if (isRepositoryRefusal(error)) {
      return {
        ...NO_GIT_FACTS,
        problem: {
          code: 'repository-not-allowed',
          message: (error as Error).message,
        },
      };
    }
    return {
      ...NO_GIT_FACTS,
      error: {
        code: 'git-unavailable',
        message: `cannot read Git: ${(error as Error).message}`,
      },
    };
  }
}

async function inputsAt(
  git: GitService,
  line: CommitLine,
  query: GitSourceQuery,
  sha: string,
  onReadFailure: () => void,
): Promise<RenderInputs> {
  if (query.fixedInputs) return { ...query.fixedInputs, revision: sha };
  try {
    return await renderInputsAt(
      git,
      line,
      {
        repoUrl: query.repoUrl,
        path: query.path,
        helmValueFiles: query.helmValueFiles,
      },
      sha,
    );
  } catch (error) {
    // Files that cannot be read now (a timeout) leave the path itself: the
    // answer stays useful, says why, and is not cached.
    onReadFailure();
    return {
      paths: [query.path],
      external: [
        {
          reference: query.path || '.',
          from: query.path || '.',
          reason: `the kustomization files could not be read: ${
            (error as Error).message
          }`,
        },
      ],
      revision: sha,
    };
  }
}

async function readIndexedFacts(
  git: GitService,
  query: GitSourceQuery,
): Promise<GitSourceFacts> {
  const { repoUrl, ref, sourceIndex } = query;
  let line = await git.line(repoUrl, ref);
  let deployedSha = query.deployedSha;
  let deployedExists = true;
  if (
    deployedSha &&
    !(await git.index.ensureCommit(repoUrl, ref, deployedSha))
  ) {
    // The cache may be behind the cluster: fetch once, then ask again.
    if (git.mayRefetchFor(repoUrl, deployedSha)) {
      await git.refresh(repoUrl);
      line = await git.line(repoUrl, ref);
    }
    if (!(await git.index.ensureCommit(repoUrl, ref, deployedSha))) {
      deployedExists = false;
      deployedSha = undefined;
    }
  }
  const deployedFull = deployedSha
    ? git.indexedCommit(repoUrl, deployedSha)?.sha
    : undefined;
  if (
    deployedFull &&
    line.positionOf(deployedFull) === undefined &&
    git.mayRefetchFor(repoUrl, deployedFull)
  ) {
    // Known but off the line: the line may be behind the cluster (a
    // commit pushed since the last fetch). Refresh once before saying the
    // deployed revision left the branch.
    await git.refresh(repoUrl);
    line = await git.line(repoUrl, ref);
  }
  const graph = git.index.graph(repoUrl);

  let inputsUnread = false;
  const unread = () => {
    inputsUnread = true;
  };
  const atHead = await inputsAt(git, line, query, line.tip, unread);
  const atDeployed = deployedFull
    ? await inputsAt(git, line, query, deployedFull, unread)
    : atHead;
  const inputs = samePaths(atHead.paths, atDeployed.paths)
    ? atDeployed.paths
    : [...new Set([...atHead.paths, ...atDeployed.paths])];
  const facts = lineFacts(line, graph, {
    inputs,
    deployedInputs: atDeployed.paths,
    path: query.path,
    deployedSha: deployedFull,
    comparedSha: query.comparedSha,
    limit: PENDING_LIMIT,
  });

  const summary = (commit: Parameters<typeof lineCommitSummary>[1]) =>
    lineCommitSummary(line, commit, sourceIndex);
  // What a fast-forward that touches none of the inputs leaves as it is.
  const settled =
    facts.desired !== undefined &&
    !inputsUnread &&
    deployedExists &&
    facts.deployedOnLine &&
    (query.comparedSha === undefined ||
      line.positionOf(query.comparedSha) !== undefined);
  return {
    desiredRevision: facts.desired?.sha ?? line.tip,
    headRevision: line.tip,
    pendingCommits: facts.pending.map(summary),
    pendingTruncated: facts.pendingTruncated,
    deployedOnBranch: deployedExists && facts.deployedOnLine,
    changedOutsidePath: facts.changedOutsidePath,
    lastChange: facts.lastChange ? summary(facts.lastChange) : undefined,
    renderInputs: atDeployed,
    ...(settled && { watchPaths: inputs }),
    commitAt: async sha => {
      // Read once per SHA (then it is in the graph), never per page view.
      const known = await git.index
        .ensureCommit(repoUrl, ref, sha, { deepen: false })
        .catch(() => false);
      const commit = known ? git.indexedCommit(repoUrl, sha) : undefined;
      if (!commit) return undefined;
      const last = lastChangeAt(line, graph, commit.sha, atDeployed.paths);
      return summary(last ?? commit);
    },
    onTrackedLine: sha => {
      const full = git.indexedCommit(repoUrl, sha)?.sha;
      return full !== undefined && line.positionOf(full) !== undefined;
    },
  };
}

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((p, i) => p === b[i]));
}
