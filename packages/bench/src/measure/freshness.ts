import type { TestEnvironment } from '@gitops-console/testkit';
import type { SeededDeployment } from '../fleet/kubeSeed';
import { seededRandom, pick } from '../fleet/random';
import { entityDeploymentsPath, type BenchApi } from '../load/api';
import { summarize, type LatencySummary } from './stats';

export interface Freshness extends LatencySummary {
  changes: number;
  timedOut: number;
}

/** The deployment of `seeded` in an entity answer. */
export function findDeployment(answer: any, seeded: SeededDeployment) {
  const d = seeded.deployment;
  return (answer?.deployments ?? []).find(
    (x: any) => x.name === d.name && x.cluster === d.cluster.name,
  );
}

/** Polls the entity's answer until `done` holds; ms, or undefined on timeout. */
export async function pollUntil(
  api: BenchApi,
  entity: string,
  started: number,
  timeoutMs: number,
  done: (answer: any) => boolean,
): Promise<number | undefined> {
  const deadline = started + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const answer = await api.get(
        entityDeploymentsPath(entity),
        deadline - Date.now(),
      );
      if (done(answer)) return Date.now() - started;
    } catch {
      // keep polling until the deadline
    }
    await new Promise(r => setTimeout(r, 10));
  }
  return undefined;
}

function toggled(s: SeededDeployment): { object: any; health: string } {
  const object = structuredClone(s.object);
  if (s.deployment.tool === 'argo') {
    const next =
      object.status.health.status === 'Healthy' ? 'Degraded' : 'Healthy';
    object.status.health = {
      status: next,
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    return { object, health: next };
  }
  const ready = object.status.conditions[0];
  const healthy = ready.status === 'True';
  object.status.conditions = [
    {
      ...ready,
      status: healthy ? 'False' : 'True',
      reason: healthy ? 'HealthCheckFailed' : 'ReconciliationSucceeded',
      message: healthy
        ? 'health check failed after 30s: timeout waiting for Deployment'
        : ready.message,
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    },
  ];
  return { object, health: healthy ? 'Degraded' : 'Healthy' };
}

/**
 * Cluster freshness: flip the health of a random healthy deployment on the
 * apiserver (Argo CD: status written with the object; Flux: the Ready
 * condition through the status subresource) and time until the entity's
 * answer shows it. Sequential changes, each bounded.
 */
export async function measureFreshness(options: {
  api: BenchApi;
  env: TestEnvironment;
  seeded: SeededDeployment[];
  changes: number;
  perChangeTimeoutMs: number;
  budgetMs: number;
}): Promise<Freshness> {
  const random = seededRandom(7);
  const candidates = options.seeded.filter(
    s => s.state === 'in-sync' && s.deployment.tool === 'argo',
  );
  const fluxCandidates = options.seeded.filter(
    s => s.state === 'in-sync' && s.deployment.tool === 'flux',
  );
  const samples: number[] = [];
  let timedOut = 0;
  const budgetEnd = Date.now() + options.budgetMs;
  for (let i = 0; i < options.changes && Date.now() < budgetEnd; i++) {
    // One change in six on Flux, as in the fleet.
    const pool =
      i % 6 === 5 && fluxCandidates.length ? fluxCandidates : candidates;
    const target = pick(random, pool);
    const { object, health } = toggled(target);
    const started = Date.now();
    await options.env.setStatus(object);
    target.object = object;
    const ms = await pollUntil(
      options.api,
      target.deployment.service.name,
      started,
      options.perChangeTimeoutMs,
      answer => findDeployment(answer, target)?.health === health,
    );
    if (ms === undefined) {
      timedOut += 1;
      samples.push(options.perChangeTimeoutMs);
    } else samples.push(ms);
  }
  return { ...summarize(samples), changes: samples.length, timedOut };
}
