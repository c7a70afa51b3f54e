import path from 'node:path';
import type { TestEnvironment } from '@gitops-console/testkit';

/** What every replica of one installation shares. */
export interface InstallationConfig {
  env: TestEnvironment;
  postgresUrl: string;
  /** The database prefix: one installation per test run. */
  prefix: string;
  apiToken: string;
  catalogFile: string;
  gitUrl: string;
  gitToken: string;
  /** The GitHub host of integrations.github, served by the facade. */
  githubHost: string;
  githubApiUrl: string;
  channelSecret: string;
  staleAfterSeconds: number;
  workDir: string;
  /** `backend.cache`, e.g. `{ store: 'redis', connection }`; default memory. */
  cache?: object;
}

/**
 * One replica's config: the shared database, clusters, Git and GitHub,
 * and its own port and Git cache folder.
 */
export function replicaConfig(
  shared: InstallationConfig,
  replica: { name: string; port: number },
) {
  const { env } = shared;
  const gitHost = new URL(shared.gitUrl).host;
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${replica.port}`,
      listen: { host: '127.0.0.1', port: replica.port },
      database: {
        client: 'pg',
        connection: shared.postgresUrl,
        prefix: shared.prefix,
      },
      ...(shared.cache && { cache: shared.cache }),
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: shared.apiToken, subject: 'replica-test' },
          },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: shared.catalogFile }],
    },
    integrations: {
      // Plain Git pushes authenticate with a user/password integration.
      gitea: [{ host: gitHost, username: 'git', password: shared.gitToken }],
      github: [
        {
          host: shared.githubHost,
          apiBaseUrl: shared.githubApiUrl,
          token: shared.gitToken,
        },
      ],
    },
    gitops: {
      clusters: [
        {
          name: 'prod',
          url: env.server,
          token: env.adminToken,
          caData: Buffer.from(env.caPem).toString('base64'),
          environment: 'production',
        },
      ],
      git: {
        allowedHosts: [gitHost],
        cacheDir: path.join(shared.workDir, `git-${replica.name}`),
        fetchIntervalSeconds: 1,
      },
      views: { catalogRefreshSeconds: 2 },
      // Replicas share it, so a page served by one hears the other's signals.
      signals: { channelSecret: shared.channelSecret },
      actions: {
        git: [{ urlPrefix: shared.gitUrl, mode: 'direct' }],
        prPollSeconds: 2,
        staleAfterSeconds: shared.staleAfterSeconds,
        // Answer while the write is still in flight, so a test can kill
        // the process that carries it out.
        createWaitSeconds: 2,
      },
    },
  };
}
