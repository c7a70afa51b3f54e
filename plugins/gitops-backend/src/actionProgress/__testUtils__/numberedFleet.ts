import { mockServices } from '@backstage/backend-test-utils';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import type { ActionRecordStore } from '../../actionRecords';
import { ledgerDeployment } from '../../ledger/__testUtils__/ledgerDeployment';
import {
  ActionProgressTracker,
  type ActionProgressTrackerOptions,
} from '../ActionProgressTracker';

/*
 * A fleet of numbered entities for tracker tests on a real database:
 * entity i (`component:default/app-i`) runs one deployment at revision
 * sha(i), so a rollback committed as sha(i) is deployed and any other
 * commit is not (the Git reads know no line and no ancestry).
 */

const REPO = 'https://git.example.com/acme/deploy';
export const sha = (i: number) => i.toString(16).padStart(40, 'a');
export const entityOf = (i: number) => `component:default/app-${i}`;
export const deploymentOf = (i: number) =>
  `prod/argocd/argocd-application/app-${i}`;

export function answerOf(i: number): EntityDeploymentsResponse {
  return {
    entityRef: entityOf(i),
    observedAt: '2026-12-04T00:00:00Z',
    problems: [],
    deployments: [
      ledgerDeployment({
        id: deploymentOf(i),
        name: `app-${i}`,
        sources: [
          {
            type: 'git',
            repoURL: REPO,
            ref: 'main',
            deployedRevision: sha(i),
            pendingCommits: [],
            pendingTruncated: false,
          },
        ],
      }),
    ],
  };
}

/** A rollback of entity i, committed as `resultCommitSha`; its record id. */
export async function committedRollback(
  store: ActionRecordStore,
  i: number,
  resultCommitSha = sha(i),
) {
  const { record } = await store.createOrGetOpen({
    entityRef: entityOf(i),
    deploymentId: deploymentOf(i),
    type: 'rollback',
    targetRevision: 'abcdef1',
    reason: 'broken release',
    requestedBy: 'user:default/alice',
    claimedBy: 'test-process',
  });
  await store.transition(record.id, ['requested'], 'committed', {
    resultCommitSha,
  });
  return record.id;
}

/**
 * A tracker over the numbered answers, whose round is an hour away: only
 * `changed(...refs)` (answer changes) and its own retries check records.
 */
export function trackerOnNumberedAnswers(
  store: ActionRecordStore,
  options: Partial<ActionProgressTrackerOptions> = {},
) {
  const listeners: Array<(ref: string) => void> = [];
  const logger = mockServices.logger.mock();
  const tracker = new ActionProgressTracker({
    store,
    answers: {
      answerFor: ref => answerOf(Number(ref.split('app-')[1])),
      subscribe: listener => {
        listeners.push(listener);
        return () => {};
      },
    },
    git: {
      line: async () => {
        throw new Error('not indexed');
      },
      isAncestor: async () => false,
    },
    logger,
    prPollSeconds: 3600,
    ...options,
  });
  const changed = (...refs: string[]) =>
    refs.forEach(ref => listeners.forEach(l => l(ref)));
  return { tracker, changed, logger };
}
