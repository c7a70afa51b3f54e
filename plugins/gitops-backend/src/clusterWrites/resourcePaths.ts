import { WATCHED_KINDS } from '../cluster/watchedKinds';

/** Where a kind's objects live in the API: group, version, plural. */
export interface ApiResource {
  kind: string;
  group: string;
  version: string;
  plural: string;
}

/** An object a cluster action reads or patches. */
export interface ObjectRef extends ApiResource {
  namespace: string;
  name: string;
}

const FLUX_SOURCE_GROUP = 'source.toolkit.fluxcd.io';

/**
 * The CD kinds (as the watches use them) and every Flux source kind a
 * Kustomization or HelmRelease may name, at the version Flux 2.x serves.
 */
const RESOURCES: readonly ApiResource[] = [
  ...WATCHED_KINDS,
  ...(
    [
      ['HelmRepository', 'helmrepositories'],
      ['HelmChart', 'helmcharts'],
      ['Bucket', 'buckets'],
    ] as const
  ).map(([kind, plural]) => ({
    kind,
    group: FLUX_SOURCE_GROUP,
    version: 'v1',
    plural,
  })),
];

/**
 * The API resource of a kind, or undefined for one we do not know. An
 * `apiVersion` from a reference (e.g. `source.toolkit.fluxcd.io/v1beta2`)
 * wins over our default version when its group matches.
 */
export function apiResourceFor(
  kind: string,
  apiVersion?: string,
): ApiResource | undefined {
  const known = RESOURCES.find(r => r.kind === kind);
  if (!known) return undefined;
  const [group, version] = apiVersion?.includes('/')
    ? apiVersion.split('/', 2)
    : [undefined, undefined];
  if (group === known.group && version) return { ...known, version };
  return {
    kind: known.kind,
    group: known.group,
    version: known.version,
    plural: known.plural,
  };
}

/** The object's URL path under the API server. */
export function objectPath(ref: ObjectRef): string {
  const e = encodeURIComponent;
  return `/apis/${ref.group}/${ref.version}/namespaces/${e(ref.namespace)}/${
    ref.plural
  }/${e(ref.name)}`;
}

/** `Kind namespace/name`, as messages and effects name an object. */
export function describeRef(ref: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
