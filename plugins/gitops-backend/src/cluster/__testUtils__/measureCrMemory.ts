/*
 * Bytes per stored custom resource, whole versus projected: V8 heap growth
 * while holding 10,000 realistic Applications (and Flux objects) parsed
 * from JSON, as the watch receives them. Run from the repository root:
 *
 *   node packages/repo-scripts/toolchain.mjs yarn node --expose-gc \
 *     node_modules/tsx/dist/cli.mjs \
 *     plugins/gitops-backend/src/cluster/__testUtils__/measureCrMemory.ts
 */
import type { KubeObject } from '../kubeObject';
import { projectionFor } from '../projectResource';
import { WATCHED_KINDS } from '../watchedKinds';
import {
  realisticApplication,
  realisticHelmRelease,
  realisticKustomization,
} from './realisticResources';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** What the index kept before projections: the object minus managedFields
 * and the last-applied annotation. */
function slimmedAsBefore(object: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = object.metadata as any;
  if (metadata.annotations) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _l, ...rest } =
      metadata.annotations;
    metadata.annotations = rest;
  }
  return { ...object, metadata };
}

function heap() {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** Heap growth while holding the kept form of each object, and its JSON size. */
function fill(wire: string[], keep: (o: KubeObject) => KubeObject) {
  const start = heap();
  let store: KubeObject[] | undefined = wire.map(w =>
    keep(JSON.parse(w) as KubeObject),
  );
  const heapBytes = heap() - start;
  const jsonBytes = store.reduce(
    (n, o) => n + Buffer.byteLength(JSON.stringify(o)),
    0,
  );
  store = undefined;
  return { heapBytes, jsonBytes };
}

function measure(
  label: string,
  count: number,
  make: (i: number) => KubeObject,
  kindId: (typeof WATCHED_KINDS)[number]['id'],
) {
  const project = projectionFor(WATCHED_KINDS.find(k => k.id === kindId)!);
  const wire = Array.from({ length: count }, (_, i) => JSON.stringify(make(i)));
  const jsonBytes = wire.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const result: Record<string, number> = {};
  const keep = {
    whole: (o: KubeObject) => o,
    before: slimmedAsBefore,
    projected: project,
  };
  for (const mode of ['whole', 'before', 'projected'] as const) {
    const { heapBytes, jsonBytes: kept } = fill(wire, keep[mode]);
    result[mode] = heapBytes / count;
    result[`${mode}Json`] = (mode === 'whole' ? jsonBytes : kept) / count;
  }
  const b = (n: number) => `${Math.round(n)} B`;
  console.log(
    `${label.padEnd(26)} heap/CR: whole ${b(result.whole)}, before ${b(
      result.before,
    )}, projected ${b(result.projected)} (${(
      (100 * result.projected) /
      result.before
    ).toFixed(0)}% of before) | JSON/CR: whole ${b(
      result.wholeJson,
    )}, before ${b(result.beforeJson)}, projected ${b(result.projectedJson)}`,
  );
}

measure(
  '10,000 Applications',
  10_000,
  i => realisticApplication(i),
  'argocd-application',
);
measure(
  '10,000 multi-source Apps',
  10_000,
  i => realisticApplication(i, { multiSource: true }),
  'argocd-application',
);
measure(
  '2,000 Kustomizations',
  2_000,
  i => realisticKustomization(i),
  'flux-kustomization',
);
measure(
  '2,000 HelmReleases',
  2_000,
  i => realisticHelmRelease(i),
  'flux-helmrelease',
);
