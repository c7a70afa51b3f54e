import { timestamp } from '../controllers/controllerContext';
import type { InitiatedBy } from '../controllers/argo/applicationStatus';
import { kustomizeInputs } from '../controllers/renderedResources';
import type { GitRepositories } from '../git/gitRepositories';
import {
  DEMO_REVERT,
  INCIDENTS,
  manualSyncDelayMinutes,
  type Incident,
} from './deliveryScript';

const MINUTE = 60_000;
/** Every path commit, not Argo CD's ten: the ledger keeps them all. */
const MAX_COMMITS = 1000;

/** One sync, as an Argo CD history entry records it. */
export interface DeployRecord {
  revision: string;
  deployStartedAt: string;
  deployedAt: string;
  initiatedBy: InitiatedBy;
}

/**
 * One ledger event of the demo's past, as `delivery-history.json` holds
 * it. `deployment` is the plugin's deployment id without its cluster name
 * (the backend's config names the clusters; the environment picks one).
 */
export interface DemoLedgerEvent {
  environment: string;
  deployment: string;
  entityRef: string;
  transition: 'deployed' | 'drift';
  revisionBefore?: string;
  revisionAfter: string;
  driftBefore?: string;
  driftAfter: string;
  health: string;
  occurredAt: string;
  initiatedBy?: InitiatedBy & { actionId?: string };
}

/** The revert action's record, for the change failure rate. */
export interface DemoActionRecord {
  id: string;
  environment: string;
  deployment: string;
  entityRef: string;
  type: 'revert-commit';
  commitShaTarget: string;
  resultCommitSha: string;
  reason: string;
  requestedBy: string;
  status: 'deployed';
  createdAt: string;
  updatedAt: string;
}

export interface DemoTimeline {
  deploys: DeployRecord[];
  events: DemoLedgerEvent[];
  actions: DemoActionRecord[];
}

export interface TimelineInput {
  git: GitRepositories;
  repository: string;
  /** The Application's name, `<service>-<environment>`. */
  app: string;
  service: string;
  environment: string;
  sourcePath: string | undefined;
  deployedRevision: string;
  automated: boolean;
  /** Who syncs by hand (manual-sync apps). */
  initiatedBy: InitiatedBy;
  /** Change id → SHA, from the repository scripts. */
  changeIds: ReadonlyMap<string, string>;
}

const at = (time: number) => timestamp(new Date(time));

/**
 * An Application's 30 days: a sync of every commit on its render inputs
 * up to what it runs now (55 s after the commit with auto-sync, after the
 * release check without), and the failures of deliveryScript.ts with how
 * they ended. The same deploys become the CR's status.history (its newest
 * ten) and the ledger's `deployed` events, so the two agree.
 */
export async function deliveryTimeline(
  input: TimelineInput,
): Promise<DemoTimeline> {
  const { git, repository } = input;
  const inputs = await kustomizeInputs(
    git,
    repository,
    input.deployedRevision,
    input.sourcePath,
  );
  const commits = (
    await git.pathCommits(
      repository,
      input.deployedRevision,
      inputs,
      MAX_COMMITS,
    )
  ).reverse();
  const changeOf = new Map([...input.changeIds].map(([id, sha]) => [sha, id]));
  const deployment = `argocd/argocd-application/${input.app}`;
  const base = {
    environment: input.environment,
    deployment,
    entityRef: `component:default/${input.service}`,
  };
  const deploys: DeployRecord[] = [];
  const events: DemoLedgerEvent[] = [];
  const actions: DemoActionRecord[] = [];
  let running: string | undefined;
  /** A failure that ends with the next deploy, or once Git matches again. */
  let awaiting: 'next-deploy' | 'git-matches' | undefined;

  const deploy = (
    revision: string,
    time: number,
    initiatedBy: InitiatedBy,
    driftAfter = 'in-sync',
  ) => {
    deploys.push({
      revision,
      deployStartedAt: at(time - 15_000),
      deployedAt: at(time),
      initiatedBy,
    });
    events.push({
      ...base,
      transition: 'deployed',
      ...(running && { revisionBefore: running }),
      revisionAfter: revision,
      driftAfter,
      health: 'Healthy',
      occurredAt: at(time),
      initiatedBy,
    });
    running = revision;
  };
  const drift = (before: string, after: string, health: string, time: number) =>
    events.push({
      ...base,
      transition: 'drift',
      revisionBefore: running!,
      revisionAfter: running!,
      driftBefore: before,
      driftAfter: after,
      health,
      occurredAt: at(time),
    });

  for (const [index, commit] of commits.entries()) {
    const committed = commit.time.getTime();
    if (
      running &&
      (await git.changedFiles(repository, running, commit.sha, inputs))
        .length === 0
    ) {
      // Git caught up with what runs (a revert after a rollback): no sync.
      if (awaiting === 'git-matches') {
        drift('behind', 'in-sync', 'Healthy', committed + MINUTE);
        awaiting = undefined;
      }
      continue;
    }
    const time = input.automated
      ? committed + 55_000
      : committed + manualSyncDelayMinutes(index) * MINUTE;
    const initiatedBy = input.automated
      ? ({ automated: true } as const)
      : input.initiatedBy;
    deploy(commit.sha, time, initiatedBy);
    if (awaiting === 'next-deploy') {
      drift('failing', 'in-sync', 'Healthy', time + 90_000);
      awaiting = undefined;
    }
    const change = changeOf.get(commit.sha);
    const incident = INCIDENTS.find(
      i => i.app === input.app && i.change === change,
    );
    if (incident) {
      awaiting = failure(incident, time, deploys, deploy, drift);
    }
    if (change === DEMO_REVERT.revertChange && input.app === DEMO_REVERT.app) {
      const failed = input.changeIds.get(DEMO_REVERT.revertedChange)!;
      actions.push({
        id: DEMO_REVERT.actionId,
        environment: input.environment,
        deployment,
        entityRef: base.entityRef,
        type: 'revert-commit',
        commitShaTarget: failed,
        resultCommitSha: commit.sha,
        reason: DEMO_REVERT.reason,
        requestedBy: DEMO_REVERT.requestedBy,
        status: 'deployed',
        createdAt: new Date(
          committed -
            (DEMO_REVERT.minutesAfter - DEMO_REVERT.requestedMinutesAfter) *
              MINUTE,
        ).toISOString(),
        updatedAt: new Date(time + 90_000).toISOString(),
      });
    }
  }
  return { deploys, events, actions };
}

/** Writes one failure; answers what its end waits for, if not written yet. */
function failure(
  incident: Incident,
  deployedAt: number,
  deploys: DeployRecord[],
  deploy: (
    revision: string,
    time: number,
    by: InitiatedBy,
    driftAfter?: string,
  ) => void,
  drift: (before: string, after: string, health: string, t: number) => void,
): 'next-deploy' | 'git-matches' | undefined {
  const failedAt = deployedAt + incident.failsAfterMinutes * MINUTE;
  drift('in-sync', 'failing', 'Degraded', failedAt);
  const { recovery } = incident;
  if (recovery.kind === 'self') {
    drift(
      'failing',
      'in-sync',
      'Healthy',
      failedAt + recovery.afterMinutes * MINUTE,
    );
    return undefined;
  }
  if (recovery.kind === 'next-deploy') return 'next-deploy';
  const previous = deploys[deploys.length - 2];
  if (!previous) throw new Error(`${incident.app}: nothing to roll back to`);
  const rolledBackAt = failedAt + recovery.afterMinutes * MINUTE;
  deploy(
    previous.revision,
    rolledBackAt,
    { username: recovery.username },
    'behind',
  );
  drift('failing', 'behind', 'Healthy', rolledBackAt + 1_000);
  return 'git-matches';
}
