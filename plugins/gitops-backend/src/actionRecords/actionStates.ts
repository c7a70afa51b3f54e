import { ActionRecord, ActionStatus, ActionType } from './types';

/** While a record has one of these, it holds its deployment's open key. */
export const OPEN_STATUSES: readonly ActionStatus[] = [
  'requested',
  'pr-open',
  'committed',
];

/**
 * The moves a record may make. `merged` has ended the Git work (the open key
 * is free) but still waits for the deployment; deployed, failed and
 * superseded are final.
 */
export const ALLOWED_TRANSITIONS: Readonly<
  Record<ActionStatus, readonly ActionStatus[]>
> = {
  requested: ['pr-open', 'committed', 'failed', 'superseded'],
  'pr-open': ['merged', 'deployed', 'failed', 'superseded'],
  committed: ['merged', 'deployed', 'failed', 'superseded'],
  merged: ['deployed', 'failed', 'superseded'],
  deployed: [],
  failed: [],
  superseded: [],
};

export function isOpenStatus(status: ActionStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Actions that write to Git; they share one open key per deployment. */
const GIT_ACTION_TYPES: readonly ActionType[] = ['rollback', 'revert-commit'];

/**
 * The value of open_key while a record is open. Rollback and revert-commit
 * share `<deploymentId>|git`, so two Git writes never run at once on one
 * deployment (the second would be computed on a head the first is about to
 * move). Each cluster action has its own key, `<deploymentId>|<type>`.
 */
export function openKeyFor(deploymentId: string, type: ActionType): string {
  return `${deploymentId}|${GIT_ACTION_TYPES.includes(type) ? 'git' : type}`;
}

/**
 * Whether an open record returned by createOrGetOpen is the action asked
 * for (answer 200 with it) or another action holding the key (a rollback
 * open while a revert-commit is asked: answer 409).
 */
export function isSameAction(
  record: Pick<ActionRecord, 'type' | 'targetRevision' | 'commitShaTarget'>,
  request: {
    type: ActionType;
    targetRevision?: string | null;
    commitShaTarget?: string | null;
  },
): boolean {
  return (
    record.type === request.type &&
    (record.targetRevision ?? null) === (request.targetRevision ?? null) &&
    (record.commitShaTarget ?? null) === (request.commitShaTarget ?? null)
  );
}
