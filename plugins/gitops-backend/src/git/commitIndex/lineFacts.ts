import type { GitCommitChange } from '@gitops-console/plugin-gitops-node';
import {
  commitTouches,
  fileTouches,
  type CommitGraph,
  type CommitLine,
} from './CommitLine';

export interface LineFactsQuery {
  /** Render inputs used for pending commits and the desired revision. */
  inputs: readonly string[];
  /** Render inputs at the deployed revision (for the last change); default `inputs`. */
  deployedInputs?: readonly string[];
  /** The deployment's own path ('' for the whole repository). */
  path: string;
  /** A deployed SHA known to the graph, or undefined when never deployed. */
  deployedSha?: string;
  /** The revision the CD tool last compared (Argo CD), when known. */
  comparedSha?: string;
  limit: number;
}

export interface LineFacts {
  /** The newest commit on the line touching the inputs. */
  desired?: GitCommitChange;
  /** Commits after the deployed one touching the inputs, newest first. */
  pending: GitCommitChange[];
  pendingTruncated: boolean;
  /** The newest first-parent commit at or before the deployed one touching its inputs. */
  lastChange?: GitCommitChange;
  /** Whether the deployed commit is on the tracked line. */
  deployedOnLine: boolean;
  /**
   * Commits between the deployed and the compared revision touch the render
   * inputs outside the deployment's path (a shared base, a value file).
   */
  changedOutsidePath: boolean;
}

/** Largest line position reachable from an off-line commit, or -1. */
function forkPoint(line: CommitLine, graph: CommitGraph, sha: string): number {
  let best = -1;
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const position = line.positionOf(next);
    if (position !== undefined) {
      best = Math.max(best, position);
      continue;
    }
    const commit = graph.get(next);
    if (commit) queue.push(...commit.parents);
  }
  return best;
}

/**
 * The newest commit touching the inputs at or before `sha`, following first
 * parents (the line that landed), from the line or, for a commit off the
 * line, from its own first-parent chain until it joins the line.
 */
export function lastChangeAt(
  line: CommitLine,
  graph: CommitGraph,
  sha: string,
  inputs: readonly string[],
): GitCommitChange | undefined {
  let current: string | undefined = sha;
  for (let steps = 0; current && steps < 100_000; steps++) {
    const position = line.positionOf(current);
    if (position !== undefined) {
      const found = line.lastTouching(inputs, position);
      return found >= 0 ? line.at(found) : undefined;
    }
    const commit = graph.get(current);
    if (!commit) return undefined;
    if (commitTouches(commit, inputs)) return commit;
    current = commit.parents[0];
  }
  return undefined;
}

/** What Git says about one source, from the indexed line alone. */
export function lineFacts(
  line: CommitLine,
  graph: CommitGraph,
  query: LineFactsQuery,
): LineFacts {
  const { inputs, limit } = query;
  const tip = line.length - 1;
  const desiredPosition = line.lastTouching(inputs);
  const desired = desiredPosition >= 0 ? line.at(desiredPosition) : undefined;

  let after = -1;
  let deployedOnLine = true;
  let lastChange: GitCommitChange | undefined;
  if (query.deployedSha) {
    const position = line.positionOf(query.deployedSha);
    if (position !== undefined) {
      after = position;
    } else {
      deployedOnLine = false;
      after = forkPoint(line, graph, query.deployedSha);
    }
    lastChange = lastChangeAt(
      line,
      graph,
      query.deployedSha,
      query.deployedInputs ?? inputs,
    );
  }
  const positions = line.touchingBetween(inputs, after, tip, limit);
  const pending = positions.slice(0, limit).map(p => line.at(p));

  let changedOutsidePath = false;
  const compared =
    query.comparedSha !== undefined
      ? line.positionOf(query.comparedSha)
      : undefined;
  if (
    query.deployedSha &&
    deployedOnLine &&
    compared !== undefined &&
    compared > after
  ) {
    const others = inputs.filter(input => input !== query.path);
    if (others.length > 0) {
      changedOutsidePath = line
        .touchingBetween(others, after, compared, Number.MAX_SAFE_INTEGER)
        .some(p =>
          line
            .at(p)
            .files.some(
              file =>
                fileTouches(file, others) && !fileTouches(file, [query.path]),
            ),
        );
    }
  }

  return {
    desired,
    pending,
    pendingTruncated: positions.length > limit,
    lastChange,
    deployedOnLine,
    changedOutsidePath,
  };
}
