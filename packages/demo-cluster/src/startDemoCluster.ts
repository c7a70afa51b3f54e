import fs from 'node:fs';
import path from 'node:path';
import { startKubeApiServer } from './api/kubeApiServer';
import { ApiUser, DEFAULT_USERS } from './api/auth';
import { ClusterControllers } from './controllers/clusterControllers';
import { gitRevision } from './controllers/flux/fluxStatus';
import { loadResourceTypes } from './crd/loadCrds';
import { ClusterScenario, clusterScenario } from './content/demoObjects';
import { ENVIRONMENTS, Environment } from './content/environments';
import {
  DEMO_REPOSITORIES,
  generateRepositories,
} from './content/generateRepositories';
import { BranchWatcher } from './git/branchWatcher';
import { startGitHttpServer } from './git/gitHttpServer';
import { GitRepositories } from './git/gitRepositories';
import { startDemoGitHub } from './github/startDemoGitHub';
import { Cluster } from './store/cluster';
import {
  createDemoCertificates,
  DemoCertificates,
} from './tls/demoCertificates';
import { StoreSnapshot } from './store/clusterStore';
import {
  seedDeliveryHistory,
  writeDeliveryHistory,
} from './deliveryHistoryFile';
import type { DemoTimeline } from './content/deliveryHistory';

export interface DemoClusterOptions {
  /** Where the Git repositories and the saved state live (e.g. `.demo-data/`). */
  dataDir: string;
  /** Reuse the repositories and cluster state a previous run left in dataDir. */
  keepState?: boolean;
  host?: string;
  /** Port of the Kubernetes API; 0 (the default) picks a free one. */
  kubePort?: number;
  /** Port of the Git server; 0 (the default) picks a free one. */
  gitPort?: number;
  /** Port of the demo's GitHub API (the testkit facade); 0 (the default) picks a free one. */
  githubPort?: number;
  /** Who may call the API; defaults to `demo-token` (read-write) and `demo-viewer-token` (read-only). */
  users?: ApiUser[];
  /** Pause between visible steps of a sync (default 1000 ms). */
  stepMs?: number;
  /** How often branches are polled besides push notifications (default 2000 ms). */
  pollMs?: number;
  /** How often watches get a bookmark (default 60 s, as the API server). */
  bookmarkIntervalMs?: number;
  /** A directory holding the official CRDs; defaults to packages/testkit/crds. */
  crdDirectory?: string;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface DemoCluster {
  /** Base HTTPS URL of the API server; each environment is `${kubeUrl}/clusters/<env>`. */
  kubeUrl: string;
  /** PEM of the CA that signed the API server's certificate. */
  caCert: string;
  /** Where that CA is written: `<dataDir>/kube/ca.crt`. */
  caFile: string;
  /** A kubeconfig with one context per environment: `<dataDir>/kube/kubeconfig`. */
  kubeconfigFile: string;
  /** The read-write bearer token. */
  token: string;
  /** Base URL of the Git server; repositories are `${gitUrl}/<name>.git`. */
  gitUrl: string;
  /**
   * The demo's GitHub: API base URL and host of the repositories "on
   * GitHub" (`${githubUrl}/acme-shop/reviews-deploy.git`), and its token.
   */
  githubUrl: string;
  githubToken: string;
  environments: Environment[];
  clusterUrl(environment: Environment): string;
  repositoryUrls: string[];
  clusters: Map<Environment, Cluster>;
  /** Whether this run restored the state a previous run saved (keepState found one). */
  keptState: boolean;
  /** Resolves once every controller has finished the work it has now. */
  idle(): Promise<void>;
  /** Stops servers and controllers; saves the state first when keepState is set. */
  stop(): Promise<void>;
}

interface SavedState {
  /** 3: the demo has root apps and a GitHub; an older state is not reused. */
  version: 3;
  gitUrl: string;
  githubUrl: string;
  certificates: DemoCertificates;
  clusters: Record<string, StoreSnapshot>;
  drift: Record<string, Record<string, string[]>>;
}

const STATE_FILE = 'state.json';

function kubeconfig(
  demo: {
    clusterUrl: (env: Environment) => string;
    caCert: string;
    token: string;
  },
  environments: Environment[],
) {
  const ca = Buffer.from(demo.caCert).toString('base64');
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': `demo-${environments[0]}`,
      clusters: environments.map(env => ({
        name: `demo-${env}`,
        cluster: {
          server: demo.clusterUrl(env),
          'certificate-authority-data': ca,
        },
      })),
      users: [{ name: 'demo', user: { token: demo.token } }],
      contexts: environments.map(env => ({
        name: `demo-${env}`,
        context: { cluster: `demo-${env}`, user: 'demo' },
      })),
    },
    null,
    2,
  );
}

function readSavedState(dataDir: string): SavedState | undefined {
  try {
    const state = JSON.parse(
      fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8'),
    ) as SavedState;
    return state.version === 3 ? state : undefined;
  } catch {
    return undefined;
  }
}

async function seedCluster(
  controllers: ClusterControllers,
  scenario: ClusterScenario,
  git: GitRepositories,
  cluster: Cluster,
  changeIds: Map<string, string>,
  env: Environment,
  timelines: DemoTimeline[],
) {
  const revisionOf = async (repository: string, pick: string) => {
    const sha =
      pick === 'head'
        ? await git.resolve(repository, 'main')
        : changeIds.get(pick);
    if (!sha)
      throw new Error(`the demo content names an unknown change: ${pick}`);
    return sha;
  };
  for (const project of scenario.appProjects) {
    cluster.create(
      cluster.typeOfKind('AppProject'),
      project.metadata.namespace,
      project,
      { fieldValidation: 'Strict' },
    );
  }
  for (const { object, seed } of scenario.applications) {
    const repository = git.repositoryOf((object.spec as any).source.repoURL)!;
    const deployedRevision = await revisionOf(repository, seed.deployed);
    // The service Applications get the demo's 30 days (docs/demo-history.md).
    const timeline = await seedDeliveryHistory({
      git,
      repository,
      app: object,
      environment: env,
      deployedRevision,
      initiatedBy: seed.initiatedBy,
      changeIds,
    });
    if (timeline) timelines.push(timeline);
    await controllers.applications.seed(object, {
      ...seed,
      deployedRevision,
      ...(timeline && { history: timeline.deploys }),
    });
  }
  for (const repo of scenario.gitRepositories)
    await controllers.gitRepositories.seed(repo);
  for (const { object, applied } of scenario.kustomizations) {
    const source = scenario.gitRepositories.find(
      r => r.metadata.name === (object.spec as any).sourceRef.name,
    )!;
    const repository = git.repositoryOf((source.spec as any).url)!;
    const sha = await revisionOf(repository, applied);
    const appliedAt = new Date(
      (await git.commitTime(repository, sha)).getTime() + 30_000,
    );
    await controllers.kustomizations.seed(object, {
      appliedRevision: gitRevision('main', sha),
      appliedAt,
    });
  }
  for (const chart of scenario.helmCharts)
    await controllers.helmCharts.seed(chart);
  for (const { object, seed } of scenario.helmReleases)
    await controllers.helmReleases.seed(object, seed);
}

/**
 * Starts the demo's stand-in for "clusters running Argo CD and Flux": demo
 * Git repositories served over HTTP, one Kubernetes API server holding a
 * cluster per environment, and simulated controllers that follow the repos.
 */
export async function startDemoCluster(
  options: DemoClusterOptions,
): Promise<DemoCluster> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const gitRoot = path.join(options.dataDir, 'git');
  const users = options.users ?? DEFAULT_USERS;
  const environments = [...ENVIRONMENTS];

  let saved = options.keepState ? readSavedState(options.dataDir) : undefined;
  const keptState = saved !== undefined;
  if (!saved) fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(gitRoot, { recursive: true });

  const gitServer = await startGitHttpServer({
    root: gitRoot,
    host,
    port: options.gitPort,
  });
  if (saved && saved.gitUrl !== gitServer.url) {
    // The Git server moved to another port: the saved objects point at it by URL.
    saved = JSON.parse(
      JSON.stringify(saved).split(saved.gitUrl).join(gitServer.url),
    ) as SavedState;
  }
  const changeIds = saved
    ? new Map<string, string>()
    : await generateRepositories(gitRoot, now());
  const github = await startDemoGitHub({
    gitRoot,
    gitUrl: gitServer.url,
    dataDir: options.dataDir,
    changeIds: saved ? undefined : changeIds,
    port: options.githubPort,
  });
  if (saved && saved.githubUrl !== github.url) {
    saved = JSON.parse(
      JSON.stringify(saved).split(saved.githubUrl).join(github.url),
    ) as SavedState;
  }
  const git = new GitRepositories(gitRoot, gitServer.url, [github.url]);

  const types = loadResourceTypes({ directory: options.crdDirectory });
  const abort = new AbortController();
  const clusters = new Map<Environment, Cluster>();
  const controllers = new Map<Environment, ClusterControllers>();
  const timelines: DemoTimeline[] = [];
  for (const env of environments) {
    const cluster = new Cluster(env, types);
    const ctx = {
      cluster,
      git,
      stepMs: options.stepMs ?? 1000,
      now,
      log,
      signal: abort.signal,
    };
    const clusterControllers = new ClusterControllers(ctx);
    if (saved?.clusters[env]) {
      cluster.store.restore(saved.clusters[env]);
      clusterControllers.applications.importState(saved.drift[env]);
    } else {
      await seedCluster(
        clusterControllers,
        clusterScenario(gitServer.url, env, github.url),
        git,
        cluster,
        changeIds,
        env,
        timelines,
      );
    }
    clusterControllers.start();
    clusters.set(env, cluster);
    controllers.set(env, clusterControllers);
  }

  // A kept state keeps the file of the run that generated the repositories.
  if (!saved) writeDeliveryHistory(options.dataDir, timelines);

  const watcher = new BranchWatcher(
    git,
    () => DEMO_REPOSITORIES,
    options.pollMs ?? 2000,
  );
  await watcher.prime();
  watcher.on('moved', moved =>
    controllers.forEach(c => c.onBranchMoved(moved)),
  );
  watcher.on('error', error =>
    log(`watching the demo repositories failed: ${error.message}`),
  );
  watcher.start();
  gitServer.events.on('push', repository => void watcher.check(repository));
  // A restart may find branches that moved while the demo was down.
  if (saved)
    controllers.forEach(c =>
      DEMO_REPOSITORIES.forEach(repository =>
        c.onBranchMoved({ repository, branch: 'main', sha: '' }),
      ),
    );

  const certificates =
    saved?.certificates ?? createDemoCertificates([host, 'localhost']);
  const kube = await startKubeApiServer({
    clusters: [...clusters.values()],
    users,
    host,
    port: options.kubePort,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    tls: { cert: certificates.serverCert, key: certificates.serverKey },
  });
  const token = users.find(u => u.canWrite)?.token ?? users[0].token;
  const kubeDir = path.join(options.dataDir, 'kube');
  const caFile = path.join(kubeDir, 'ca.crt');
  const kubeconfigFile = path.join(kubeDir, 'kubeconfig');
  fs.mkdirSync(kubeDir, { recursive: true });
  fs.writeFileSync(caFile, certificates.caCert);
  fs.writeFileSync(
    kubeconfigFile,
    kubeconfig(
      {
        clusterUrl: env => kube.clusterUrl(env),
        caCert: certificates.caCert,
        token,
      },
      environments,
    ),
    { mode: 0o600 },
  );

  const idle = async () => {
    await watcher.check();
    await Promise.all([...controllers.values()].map(c => c.idle()));
  };

  return {
    kubeUrl: kube.url,
    caCert: certificates.caCert,
    caFile,
    kubeconfigFile,
    token,
    gitUrl: gitServer.url,
    githubUrl: github.url,
    githubToken: github.token,
    environments,
    clusterUrl: env => kube.clusterUrl(env),
    repositoryUrls: DEMO_REPOSITORIES.map(name => git.urlOf(name)),
    clusters,
    keptState,
    idle,
    stop: async () => {
      watcher.stop();
      abort.abort();
      controllers.forEach(c => c.stop());
      await Promise.all([kube.close(), gitServer.close(), github.stop()]);
      git.close();
      if (options.keepState) {
        const state: SavedState = {
          version: 3,
          gitUrl: gitServer.url,
          githubUrl: github.url,
          certificates,
          clusters: Object.fromEntries(
            [...clusters].map(([env, cluster]) => [
              env,
              cluster.store.snapshot(),
            ]),
          ),
          drift: Object.fromEntries(
            [...controllers].map(([env, c]) => [
              env,
              c.applications.exportState(),
            ]),
          ),
        };
        fs.writeFileSync(
          path.join(options.dataDir, STATE_FILE),
          JSON.stringify(state),
        );
      }
    },
  };
}
