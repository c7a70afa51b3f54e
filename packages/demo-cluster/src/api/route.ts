/** What a request path under a cluster addresses. */
export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'coreVersions' }
  | { kind: 'coreResources' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      plural: string;
      /** Set when the path is under /namespaces/<ns>/. */
      namespace?: string;
      name?: string;
      subresource?: string;
    }
  | { kind: 'unknown' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === 'version') return { kind: 'version' };
  if (parts.length === 1 && ['healthz', 'livez', 'readyz'].includes(parts[0]))
    return { kind: 'health' };
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'coreVersions' };
    if (parts.length === 2 && parts[1] === 'v1')
      return { kind: 'coreResources' };
    return { kind: 'unknown' };
  }
  if (parts[0] !== 'apis') return { kind: 'unknown' };
  const [, group, version, ...rest] = parts;
  if (!group) return { kind: 'groups' };
  if (!version) return { kind: 'group', group };
  if (rest.length === 0) return { kind: 'resources', group, version };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length > 0) return { kind: 'unknown' };
  return {
    kind: 'resource',
    group,
    version,
    plural,
    namespace,
    name,
    subresource,
  };
}
