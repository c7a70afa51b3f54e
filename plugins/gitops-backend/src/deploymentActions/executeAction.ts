import type { LoggerService } from '@backstage/backend-plugin-api';
import { redactText } from '@gitops-console/plugin-gitops-common';
import type { ActionRecord, ActionRecordStore } from '../actionRecords';
import type { ActionContext, GitActionRequest } from '../gitWrites';
import type { ActionSignals } from './actionSignals';
import type {
  ClusterActionRequest,
  ClusterActionWriterLike,
} from './clusterWriter';
import type { GitActionWriterLike } from './gitWriters';

/** How a prepared action is carried out once its record exists. */
export type Execution =
  | {
      kind: 'git';
      writer: GitActionWriterLike;
      request: GitActionRequest;
      context: ActionContext;
    }
  | {
      kind: 'cluster';
      writer: ClusterActionWriterLike;
      request: ClusterActionRequest;
    };

export interface ExecuteDependencies {
  store: ActionRecordStore;
  signals: ActionSignals;
  logger: LoggerService;
  processId: string;
  /** How often a long write renews its claim; default 10 s. */
  renewEveryMs?: number;
  /** Told after a Git write, so the read path fetches the new commit at once. */
  afterGitWrite?: (repoUrl: string) => void;
}

/** The cause of a failure in words, credentials removed. */
export function failureText(error: unknown): string {
  const text =
    error instanceof Error ? `${error.message}` : String(error ?? 'failed');
  return redactText(text).slice(0, 2000);
}

async function move(
  deps: ExecuteDependencies,
  record: ActionRecord,
  to: ActionRecord['status'],
  fields: Parameters<ActionRecordStore['transition']>[3],
): Promise<ActionRecord> {
  const moved = await deps.store.transition(
    record.id,
    ['requested'],
    to,
    fields,
  );
  const now = (await deps.store.get(record.id)) ?? record;
  if (moved) deps.signals.recordChanged(now);
  return now;
}

/**
 * Carries out a `requested` record this process holds the claim on, and
 * moves it: a Git action to `pr-open` (pull request) or `committed` (the
 * commit is on a branch or the tracked branch), a cluster action to
 * `committed` (the patch is applied; the progress tracker moves it to
 * `deployed` when the view shows the effect), and any failure to `failed`
 * with the redacted cause. Never throws: the outcome is the record, and
 * the error when it failed (so a request can answer a cluster's RBAC
 * refusal, say, with its status).
 */
export async function executeRecord(
  deps: ExecuteDependencies,
  record: ActionRecord,
  execution: Execution,
): Promise<{ record: ActionRecord; error?: unknown }> {
  const renew = setInterval(() => {
    deps.store.renewClaim(record.id, deps.processId).catch(() => {});
  }, deps.renewEveryMs ?? 10_000);
  renew.unref?.();
  try {
    if (execution.kind === 'git') {
      const result = await execution.writer.execute(
        execution.request,
        execution.context,
      );
      deps.afterGitWrite?.(execution.request.repoUrl);
      if (result.pullRequest) {
        return {
          record: await move(deps, record, 'pr-open', {
            prUrl: result.pullRequest.url,
            resultCommitSha: result.commitSha,
          }),
        };
      }
      return {
        record: await move(deps, record, 'committed', {
          resultCommitSha: result.commitSha,
        }),
      };
    }
    await execution.writer.apply(execution.request);
    return { record: await move(deps, record, 'committed', {}) };
  } catch (error) {
    deps.logger.warn(
      `GitOps: action ${record.id} (${record.type} on ${
        record.deploymentId
      }) failed: ${failureText(error)}`,
    );
    return {
      record: await move(deps, record, 'failed', {
        error: failureText(error),
      }),
      error,
    };
  } finally {
    clearInterval(renew);
  }
}
