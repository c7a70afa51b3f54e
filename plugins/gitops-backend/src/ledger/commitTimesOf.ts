import type {
  Deployment,
  LedgerEvent,
} from '@gitops-console/plugin-gitops-common';
import type { GitService } from '../git';

/** Commits read per deployment event; older ones are not lead times worth it. */
const MAX_COMMITS_PER_DEPLOY = 200;

/**
 * For each `deployed` event, the author times of the commits it brought to
 * its environment: those on the deployment's render inputs after the
 * revision before, up to the revision after, on the tracked branch's
 * first-parent line. Read from the commit index in memory; an event whose
 * revisions the index does not hold (too old, another branch) has none.
 */
export async function commitTimesOf(
  events: readonly LedgerEvent[],
  deployments: ReadonlyMap<string, Deployment>,
  git: Pick<GitService, 'line'>,
): Promise<Map<string, string[]>> {
  const times = new Map<string, string[]>();
  // One line read per repository and ref, however many events share it.
  const lines = new Map<string, ReturnType<typeof git.line>>();
  for (const event of events) {
    if (event.transition !== 'deployed' || !event.revisionAfter) continue;
    const source = deployments.get(event.deploymentId)?.source;
    const ref = source?.desiredRef ?? source?.ref;
    if (source?.type !== 'git' || !ref) continue;
    const lineKey = `${source.repoURL}\u0000${ref}`;
    if (!lines.has(lineKey)) lines.set(lineKey, git.line(source.repoURL, ref));
    let line;
    try {
      line = await lines.get(lineKey)!;
    } catch {
      continue; // Git unreadable now: the figure says how many points it has.
    }
    const upTo = line.positionOf(event.revisionAfter);
    if (upTo === undefined) continue;
    const after = event.revisionBefore
      ? line.positionOf(event.revisionBefore) ?? -1
      : -1;
    const inputs = source.renderInputs?.paths ?? [source.path ?? ''];
    times.set(
      event.id,
      line
        .touchingBetween(inputs, after, upTo, MAX_COMMITS_PER_DEPLOY - 1)
        .map(p => line.at(p).committedAt),
    );
  }
  return times;
}
