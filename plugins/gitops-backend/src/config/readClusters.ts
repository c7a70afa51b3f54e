import type { Config } from '@backstage/config';

/**
 * A cluster whose GitOps resources the backend watches.
 */
export interface GitOpsClusterConfig {
  name: string;
  url: string;
  token?: string;
  tokenFile?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  environment?: string;
  /** Base URL of the Argo CD UI for this cluster, for deep links. */
  argocdUrl?: string;
  /**
   * The only namespaces whose resources are read (one watch per namespace
   * and kind); every namespace when absent.
   */
  namespaces?: string[];
  /** Silence after which a watch counts as hung (docs/clusters.md). */
  watchTimeoutSeconds?: number;
  /** The config key this entry came from, for messages. */
  configKey: string;
}

/** Where the cluster list came from. */
export type ClusterConfigSource = 'gitops' | 'kubernetes' | 'none';

export interface ClustersFromConfig {
  clusters: GitOpsClusterConfig[];
  source: ClusterConfigSource;
}

export class ClusterConfigError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`Invalid GitOps cluster configuration at '${key}': ${problem}`);
    this.name = 'ClusterConfigError';
  }
}

function readUrl(config: Config, key: string, fullKey: string): string {
  const value = config.getString(key);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ClusterConfigError(fullKey, `'${value}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ClusterConfigError(
      fullKey,
      `the URL must use http or https, got '${parsed.protocol}'`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** A Kubernetes namespace name: an RFC 1123 label. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readNamespaces(entry: Config, key: string): string[] | undefined {
  if (!entry.has('namespaces')) return undefined;
  const fullKey = `${key}.namespaces`;
  const value = entry.get('namespaces');
  if (!Array.isArray(value)) {
    throw new ClusterConfigError(fullKey, 'must be a list of namespace names');
  }
  if (value.length === 0) {
    throw new ClusterConfigError(
      fullKey,
      'must name at least one namespace; leave it out to read every namespace',
    );
  }
  const seen = new Set<string>();
  value.forEach((name, i) => {
    if (
      typeof name !== 'string' ||
      name.length > 63 ||
      !NAMESPACE_NAME.test(name)
    ) {
      throw new ClusterConfigError(
        `${fullKey}[${i}]`,
        `${JSON.stringify(
          name,
        )} is not a namespace name (lower-case letters, digits and '-', at most 63)`,
      );
    }
    if (seen.has(name)) {
      throw new ClusterConfigError(
        `${fullKey}[${i}]`,
        `the namespace '${name}' is listed twice`,
      );
    }
    seen.add(name);
  });
  return value as string[];
}

function readWatchTimeout(entry: Config, key: string): number | undefined {
  const fullKey = `${key}.watchTimeoutSeconds`;
  if (!entry.has('watchTimeoutSeconds')) return undefined;
  const value = entry.get('watchTimeoutSeconds');
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ClusterConfigError(fullKey, 'must be a number of seconds');
  }
  if (value < 2 || value > 3600) {
    throw new ClusterConfigError(
      fullKey,
      `must be between 2 and 3600 seconds, got ${value}`,
    );
  }
  return value;
}

function readGitOpsEntry(entry: Config, key: string): GitOpsClusterConfig {
  const name = entry.getString('name').trim();
  if (!name) throw new ClusterConfigError(`${key}.name`, 'must not be empty');
  const token = entry.getOptionalString('token');
  const tokenFile = entry.getOptionalString('tokenFile');
  if (token && tokenFile) {
    throw new ClusterConfigError(
      `${key}.tokenFile`,
      'set either token or tokenFile, not both',
    );
  }
  return {
    name,
    url: readUrl(entry, 'url', `${key}.url`),
    token,
    tokenFile,
    caData: entry.getOptionalString('caData'),
    caFile: entry.getOptionalString('caFile'),
    skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
    environment: entry.getOptionalString('environment'),
    argocdUrl: entry.getOptionalString('argocdUrl'),
    namespaces: readNamespaces(entry, key),
    watchTimeoutSeconds: readWatchTimeout(entry, key),
    configKey: key,
  };
}

/** Reads the clusters of the Kubernetes plugin's `config` locator. */
function readKubernetesClusters(config: Config): GitOpsClusterConfig[] {
  const methods = config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  );
  const clusters: GitOpsClusterConfig[] = [];
  methods?.forEach((method, m) => {
    if (method.getOptionalString('type') !== 'config') return;
    method.getOptionalConfigArray('clusters')?.forEach((entry, c) => {
      const key = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      clusters.push({
        name: entry.getString('name'),
        url: readUrl(entry, 'url', `${key}.url`),
        token: entry.getOptionalString('serviceAccountToken'),
        caData: entry.getOptionalString('caData'),
        caFile: entry.getOptionalString('caFile'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
        configKey: key,
      });
    });
  });
  return clusters;
}

function assertUniqueNames(clusters: GitOpsClusterConfig[]) {
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (seen.has(cluster.name)) {
      throw new ClusterConfigError(
        `${cluster.configKey}.name`,
        `the name '${cluster.name}' is used by another cluster`,
      );
    }
    seen.add(cluster.name);
  }
}

/**
 * Reads the clusters to watch: `gitops.clusters`, or when that is absent the
 * Kubernetes plugin's clusters, so users configure clusters once.
 *
 * Throws {@link ClusterConfigError} (or the config reader's own error, which
 * also names the key) for a malformed entry, so start-up fails loudly.
 */
export function readClusters(config: Config): ClustersFromConfig {
  const entries = config.getOptionalConfigArray('gitops.clusters');
  if (entries) {
    const clusters = entries.map((entry, i) =>
      readGitOpsEntry(entry, `gitops.clusters[${i}]`),
    );
    assertUniqueNames(clusters);
    return { clusters, source: 'gitops' };
  }
  const clusters = readKubernetesClusters(config);
  assertUniqueNames(clusters);
  return { clusters, source: clusters.length > 0 ? 'kubernetes' : 'none' };
}
