/**
 * The actions API (issue 12): rollback and revert-commit through Git; sync,
 * refresh, reconcile, suspend and resume through the CD resource. Shared by
 * the backend's routes, the frontend's client and the actions registry.
 */

/** @public */
export const GITOPS_ACTION_TYPES = [
  'rollback',
  'revert-commit',
  'sync',
  'refresh',
  'reconcile',
  'suspend',
  'resume',
] as const;

/** @public */
export type GitOpsActionType = (typeof GITOPS_ACTION_TYPES)[number];

/** Action types delivered as a Git commit (and checked against `gitops.deployment.rollback`). @public */
export const GITOPS_GIT_ACTION_TYPES: readonly GitOpsActionType[] = [
  'rollback',
  'revert-commit',
];

/** Which action types fit which CD tool. @public */
export const GITOPS_ACTIONS_BY_TOOL: Record<
  'argocd' | 'flux',
  readonly GitOpsActionType[]
> = {
  argocd: ['rollback', 'revert-commit', 'sync', 'refresh'],
  flux: ['rollback', 'revert-commit', 'reconcile', 'suspend', 'resume'],
};

/** True for the types that write to Git. @public */
export function isGitActionType(type: GitOpsActionType): boolean {
  return GITOPS_GIT_ACTION_TYPES.includes(type);
}

/** @public */
export const GITOPS_ACTION_STATUSES = [
  'requested',
  'pr-open',
  'committed',
  'merged',
  'deployed',
  'failed',
  'superseded',
] as const;

/** @public */
export type GitOpsActionStatus = (typeof GITOPS_ACTION_STATUSES)[number];

/**
 * `POST /entities/{namespace}/{kind}/{name}/actions/preview` body.
 *
 * @public
 */
export interface ActionPreviewRequest {
  type: GitOpsActionType;
  /** The `id` of a deployment in the entity's deployments answer. */
  deploymentId: string;
  /** rollback: a revision of the deployment's history or its path's log. */
  targetRevision?: string;
  /** revert-commit: the commit to revert. */
  commit?: string;
}

/**
 * `POST /entities/{namespace}/{kind}/{name}/actions` body.
 *
 * @public
 */
export interface ActionCreateRequest extends ActionPreviewRequest {
  /** Required for rollback and revert-commit. */
  reason?: string;
  /** The preview's `expectedHead`; newer commits on the path give 409. */
  expectedHead?: string;
}

/** @public */
export interface ActionCommit {
  sha: string;
  subject: string;
  authorName: string;
  /** ISO 8601. */
  authorDate: string;
}

/** @public */
export interface ActionFileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /** Null for binary files. */
  additions: number | null;
  deletions: number | null;
}

/**
 * Codes: `changes-outside-path`, `risky-commit`, `commit-outside-path`,
 * `auto-sync-off`, `other-open-action`.
 *
 * @public
 */
export interface ActionWarning {
  code: string;
  message: string;
  commits?: ActionCommit[];
  files?: string[];
}

/**
 * What an action would do. Git actions fill the commit fields; cluster
 * actions name the resource patched and the patch's effect.
 *
 * @public
 */
export interface ActionPreviewResponse {
  type: GitOpsActionType;
  deploymentId: string;
  /** `git` for rollback/revert-commit, `cluster` for the others. */
  target: 'git' | 'cluster';
  /** Git: the repository (credentials removed), branch, paths. */
  repoUrl?: string;
  branch?: string;
  paths?: string[];
  /** Git: how it is delivered for this repository. */
  delivery?: 'pull-request' | 'branch' | 'direct';
  /** Git: full SHA of the rollback target / reverted commit. */
  targetRevision?: string;
  commit?: string;
  /** Git: newest commit on the paths; pass back as `expectedHead`. */
  expectedHead?: string;
  commitsUndone: ActionCommit[];
  files: ActionFileChange[];
  warnings: ActionWarning[];
  /** Cluster: a one-line description of the patch, e.g. "sets operation.sync to revision abc1234". */
  effect?: string;
}

/**
 * One action as stored, `GET /actions/{id}`.
 *
 * @public
 */
export interface ActionRecordResponse {
  id: string;
  entityRef: string;
  deploymentId: string;
  type: GitOpsActionType;
  targetRevision: string | null;
  commit: string | null;
  reason: string;
  requestedBy: string;
  status: GitOpsActionStatus;
  prUrl: string | null;
  resultCommitSha: string | null;
  /** Why it failed, in words, credentials removed. */
  error: string | null;
  warnings: ActionWarning[];
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/**
 * `GET /entities/{namespace}/{kind}/{name}/actions[?deploymentId=&limit=&cursor=]`,
 * newest first.
 *
 * @public
 */
export interface ActionListResponse {
  items: ActionRecordResponse[];
  nextCursor?: string;
}

/**
 * `GET /entities/{namespace}/{kind}/{name}/actions/permissions`: whether the
 * caller may act on this entity, so pages can hide or disable buttons.
 * `never` means hidden (no policy allows it for anyone like the caller);
 * `denied` shows the button disabled with `reason`.
 *
 * @public
 */
export interface ActionPermissionsResponse {
  rollback: ActionPermissionDecision;
  sync: ActionPermissionDecision;
}

/** @public */
export interface ActionPermissionDecision {
  /** `never`: hide the buttons; `denied`: show them disabled with `reason`. */
  result: 'allowed' | 'denied' | 'never';
  /** Why it is denied, for the tooltip and screen readers. */
  reason?: string;
}

/**
 * The signal message sent on the entity's channel when one of its action
 * records changes status (the same opaque channel as deployment changes).
 *
 * @public
 */
export interface ActionChangedSignal {
  type: 'action-changed';
  actionId: string;
  status: GitOpsActionStatus;
}

/**
 * Error bodies of refusals name the offending field: `{ error: { name,
 * message }, field?, conflicts?: { files?: string[]; commits?: ActionCommit[] } }`.
 *
 * @public
 */
export interface ActionErrorDetails {
  field?: string;
  files?: string[];
  commits?: ActionCommit[];
}
