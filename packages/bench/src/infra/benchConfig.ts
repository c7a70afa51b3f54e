import type { BenchCluster } from '../fleet/shape';
import { GITHUB_HOST } from '../fleet/kubeObjects';

export interface ClusterEndpoint {
  cluster: BenchCluster;
  /** The proxy this plugin reaches the cluster through. */
  url: string;
}

export interface BenchConfigInput {
  port: number;
  staticToken: string;
  catalogFiles: string[];
  gitServerUrl: string;
  gitCacheDir: string;
  /**
   * Where the plugins' SQLite files go, so a restarted backend finds its
   * catalog as a production one (PostgreSQL) would.
   */
  databaseDir: string;
  githubApiUrl: string;
  /** Redis for Backstage's cache service; the in-memory cache without. */
  cacheUrl?: string;
  githubToken: string;
  webhookSecret: string;
  /** Service-account token both plugins use. */
  clusterToken: string;
  /** PEM of the CA that signed the proxies' certificate. */
  caPem: string;
  gitops: ClusterEndpoint[];
  kubernetes: ClusterEndpoint[];
}

/** The benchmark backend's whole config, as one object for --config. */
export function benchConfig(input: BenchConfigInput) {
  const caData = Buffer.from(input.caPem, 'utf8').toString('base64');
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: `http://127.0.0.1:${input.port}`,
      listen: { host: '127.0.0.1', port: input.port },
      database: {
        client: 'better-sqlite3',
        connection: { directory: input.databaseDir },
      },
      ...(input.cacheUrl && {
        cache: { store: 'redis', connection: input.cacheUrl },
      }),
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: input.staticToken, subject: 'bench-load' },
          },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
      locations: input.catalogFiles.map(target => ({ type: 'file', target })),
    },
    integrations: {
      github: [
        {
          host: GITHUB_HOST,
          apiBaseUrl: input.githubApiUrl,
          token: input.githubToken,
        },
      ],
    },
    gitops: {
      clusters: input.gitops.map(({ cluster, url }) => ({
        name: cluster.name,
        url,
        token: input.clusterToken,
        caData,
        environment: cluster.environment,
      })),
      webhooks: { github: { secret: input.webhookSecret } },
      git: {
        allowedHosts: [new URL(input.gitServerUrl).host],
        cacheDir: input.gitCacheDir,
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: input.kubernetes.map(({ cluster, url }) => ({
            name: cluster.name,
            url,
            authProvider: 'serviceAccount',
            serviceAccountToken: input.clusterToken,
            caData,
          })),
        },
      ],
    },
  };
}
