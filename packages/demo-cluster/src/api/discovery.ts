import { createHash } from 'node:crypto';
import { ResourceType } from '../crd/resourceType';

/*
 * The discovery documents clients read before anything else: kubectl to
 * map `applications.argoproj.io` to a URL, client libraries to check that a
 * group/version exists. Plain (non-aggregated) discovery: clients that ask
 * for the aggregated form fall back to it when the answer is plain JSON.
 */

export const SERVER_VERSION = {
  major: '1',
  minor: '36',
  gitVersion: 'v1.36.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.25.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

export function coreVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' },
    ],
  };
}

export function coreResourceList() {
  return { kind: 'APIResourceList', groupVersion: 'v1', resources: [] };
}

function groupsOf(types: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const type of types) {
    const versions = groups.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    groups.set(type.group, versions);
  }
  return groups;
}

function groupDocument(name: string, versions: string[]) {
  const entries = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

export function groupList(types: ResourceType[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupsOf(types)].map(([name, versions]) =>
      groupDocument(name, versions),
    ),
  };
}

export function group(types: ResourceType[], name: string) {
  const versions = groupsOf(types).get(name);
  return (
    versions && {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...groupDocument(name, versions),
    }
  );
}

export function resourceList(
  types: ResourceType[],
  groupName: string,
  version: string,
) {
  const served = types.filter(
    t => t.group === groupName && t.version === version,
  );
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${groupName}/${version}`,
    resources: served.flatMap(type => [
      {
        name: type.plural,
        singularName: type.singular,
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: VERBS,
        ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
        ...(type.categories.length ? { categories: type.categories } : {}),
        storageVersionHash: createHash('sha256')
          .update(`${type.apiVersion}/${type.kind}`)
          .digest('base64')
          .slice(0, 11),
      },
      ...(type.statusSubresource
        ? [
            {
              name: `${type.plural}/status`,
              singularName: '',
              namespaced: type.namespaced,
              kind: type.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
    ]),
  };
}
