/** What the Git side of rollback and revert-commit is asked to do. */
export type GitActionRequest = RollbackRequest | RevertRequest;

interface CommonRequest {
  /** The repository of the deployment's Git source. */
  repoUrl: string;
  /** The tracked branch. */
  branch: string;
  /**
   * When given, the newest commit on the paths the requester saw; newer
   * commits on the paths make the action refuse (StaleHeadError).
   */
  expectedHead?: string;
}

/** Restore each path's tree to the target revision's. */
export interface RollbackRequest extends CommonRequest {
  type: 'rollback';
  /** One per Git source of the deployment in this repository; '' is the root. */
  paths: string[];
  /** A commit SHA (or a ref name) that is an ancestor of the branch. */
  targetRevision: string;
  /**
   * The deployment's render inputs at the head (paths in this repository,
   * e.g. `apps/base`): changes to them outside `paths` since the target
   * are warned about, as a path rollback does not undo them.
   */
  renderInputs?: string[];
}

/** `git revert <commit>`, restricted to the paths. */
export interface RevertRequest extends CommonRequest {
  type: 'revert-commit';
  paths: string[];
  commit: string;
}

/** A commit as plans and records list it. */
export interface PlannedCommit {
  sha: string;
  subject: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601. */
  authorDate: string;
}

/** A file the action changes; counts are null for binary files. */
export interface PlannedFileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  additions: number | null;
  deletions: number | null;
}

export type ActionWarningCode =
  /** Render inputs outside the paths changed since the target; not undone. */
  | 'changes-outside-path'
  /** A commit undone (or outside the path) matches riskyCommitPattern. */
  | 'risky-commit'
  /** The reverted commit also changed files outside the paths; those stay. */
  | 'commit-outside-path';

export interface ActionWarning {
  code: ActionWarningCode;
  message: string;
  commits: PlannedCommit[];
  files: string[];
}

/** What an action would do; computed without writing to the remote. */
export interface GitActionPlan {
  type: GitActionRequest['type'];
  branch: string;
  paths: string[];
  /** The branch tip the plan was computed on; the new commit's parent. */
  head: string;
  /** The newest commit on the paths (what a caller passes back as expectedHead). */
  expectedHead: string;
  /** Full SHA of the rollback target. */
  target?: string;
  /** Full SHA of the reverted commit. */
  commit?: string;
  /** Newest first, on the branch's first-parent line. */
  commitsUndone: PlannedCommit[];
  files: PlannedFileChange[];
  warnings: ActionWarning[];
  /** The tree of the commit to make. */
  resultTree: string;
}

/** Who asks and why; goes into the commit message and the pull request. */
export interface ActionContext {
  /** The action record's id; names the branch and a trailer. */
  actionId: string;
  /** The Backstage user entity ref, e.g. `user:default/alice`. */
  requestedBy: string;
  reason: string;
  entityRef?: string;
  environment?: string;
  cluster?: string;
  /** A link back to the entity page. */
  entityUrl?: string;
}

/** What a writer did. */
export interface GitActionResult {
  /** The plan the commit was made from; absent when an earlier call's commit is reused. */
  plan?: GitActionPlan;
  mode: 'pull-request' | 'branch' | 'direct';
  /** The new commit. */
  commitSha: string;
  /** The branch the commit is on: the tracked one (direct) or the action's. */
  pushedBranch: string;
  /** True when an earlier call had written this action already (nothing new written). */
  reused: boolean;
  pullRequest?: { number: number; url: string };
}
