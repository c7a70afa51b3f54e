import fs from 'node:fs';
import path from 'node:path';
import type { InitiatedBy } from './controllers/argo/applicationStatus';
import { isAutomated, sourceOf } from './controllers/argo/applicationStatus';
import { deliveryTimeline, type DemoTimeline } from './content/deliveryHistory';
import type { GitRepositories } from './git/gitRepositories';
import type { KubeObject } from './store/kubeObject';
import { STOREFRONT_SERVICES } from './content/storefrontRepo';

/** In the data dir; the demo backend's history module reads it. */
export const DELIVERY_HISTORY_FILE = 'delivery-history.json';

/**
 * The 30-day timeline of a storefront service's Application; undefined
 * for the others (root apps, other repositories' apps), which keep the
 * history their commits give.
 */
export async function seedDeliveryHistory(options: {
  git: GitRepositories;
  repository: string;
  app: KubeObject;
  environment: string;
  deployedRevision: string;
  initiatedBy: InitiatedBy;
  changeIds: ReadonlyMap<string, string>;
}): Promise<DemoTimeline | undefined> {
  const service = options.app.metadata.labels?.['app.kubernetes.io/name'];
  if (!(STOREFRONT_SERVICES as readonly string[]).includes(service ?? '')) {
    return undefined;
  }
  return deliveryTimeline({
    git: options.git,
    repository: options.repository,
    app: options.app.metadata.name,
    service: service!,
    environment: options.environment,
    sourcePath: sourceOf(options.app)?.path,
    deployedRevision: options.deployedRevision,
    automated: isAutomated(options.app),
    initiatedBy: options.initiatedBy,
    changeIds: options.changeIds,
  });
}

/**
 * Writes what the plugin's ledger would have recorded, had it watched the
 * demo's clusters for 30 days: the syncs, the failures and how they ended,
 * and the revert action (docs/demo-history.md).
 */
export function writeDeliveryHistory(
  dataDir: string,
  timelines: readonly DemoTimeline[],
): void {
  const file = {
    version: 1,
    events: timelines
      .flatMap(t => t.events)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)),
    actions: timelines.flatMap(t => t.actions),
  };
  fs.writeFileSync(
    path.join(dataDir, DELIVERY_HISTORY_FILE),
    `${JSON.stringify(file, null, 2)}\n`,
  );
}
