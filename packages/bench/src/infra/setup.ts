import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createCertificateAuthority,
  freePort,
  issueServingCertificate,
  startGitHubFacade,
  startGitServer,
  startRedis,
  startTestEnvironment,
  type GitHubFacade,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { writeCatalogFiles } from '../fleet/catalogFile';
import { seedRepositories, type SeededRepository } from '../fleet/gitSeed';
import { seedCluster, type SeededDeployment } from '../fleet/kubeSeed';
import type { FleetShape } from '../fleet/shape';
import { benchConfig } from './benchConfig';
import { startBenchBackend, type BenchBackend } from './benchBackend';
import { startProxyFleet, type ProxyFleet } from './proxyProcess';
import { createGitShim, type GitShim } from './gitShim';

export interface BenchSetup {
  shape: FleetShape;
  env: TestEnvironment;
  git: GitServer;
  facade: GitHubFacade;
  repos: Map<string, SeededRepository>;
  seeded: SeededDeployment[];
  /** Per cluster, the proxy each plugin goes through, with their counters. */
  proxies: ProxyFleet;
  gitShim: GitShim;
  staticToken: string;
  webhookSecret: string;
  workDir: string;
  timings: Record<string, number>;
  /** Starts the backend; `logName` is its log file in the output folder. */
  startBackend(
    timeoutMs: number,
    entry?: string,
    logName?: string,
    heapSnapshotDir?: string,
  ): Promise<BenchBackend>;
  stop(): Promise<void>;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Everything the measures need, up to (not including) the backend. */
export async function setUp(
  shape: FleetShape,
  outputDir: string,
  options: { redis?: boolean; nodeFlags?: readonly string[] } = {},
): Promise<BenchSetup> {
  const workDir = fs.mkdtempSync(path.join(outputDir, 'run-'));
  // The SQLite files in memory-backed storage where there is some: the
  // catalog writes a lot while ingesting, and a disk's fsyncs would make
  // the first start measure the disk.
  const databaseDir = fs.mkdtempSync(
    path.join(
      fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(),
      'gitops-bench-db-',
    ),
  );
  const timings: Record<string, number> = {};
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(databaseDir, { recursive: true, force: true });
  };
  try {
    let t = Date.now();
    const env = await startTestEnvironment();
    stops.push(() => env.stop());
    timings.apiserver_s = (Date.now() - t) / 1000;
    log(`kube-apiserver ready in ${timings.apiserver_s} s at ${env.server}`);

    t = Date.now();
    const git = await startGitServer({ anonymousRead: true });
    stops.push(() => git.stop());
    const repos = await seedRepositories(git, shape);
    const githubToken = crypto.randomBytes(16).toString('hex');
    const facade = await startGitHubFacade({ git, token: githubToken });
    stops.push(() => facade.stop());
    // Backstage's cache service on Redis, as replicas share it: the GitHub
    // client's immutable answers (commits by SHA, trees) outlive a restart.
    // Started before the backend, so it is stopped after it.
    const redis = options.redis ? await startRedis() : undefined;
    if (redis) {
      stops.push(() => redis.stop());
      log(`Redis for the cache service at ${redis.url}`);
    }
    timings.git_seed_s = (Date.now() - t) / 1000;
    const commits = [...repos.values()].reduce((n, r) => n + r.commitCount, 0);
    log(
      `${repos.size} repositories, ${commits} commits in ${timings.git_seed_s} s`,
    );

    t = Date.now();
    const seeded = await seedCluster(
      env,
      shape,
      repos,
      git.url,
      (done, total) => log(`custom resources: ${done}/${total}`),
    );
    timings.kube_seed_s = (Date.now() - t) / 1000;
    log(`${seeded.length} custom resources in ${timings.kube_seed_s} s`);

    const identity = await env.createServiceAccountToken(
      [
        {
          apiGroups: [
            'argoproj.io',
            'kustomize.toolkit.fluxcd.io',
            'helm.toolkit.fluxcd.io',
            'source.toolkit.fluxcd.io',
          ],
          resources: ['*'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      {
        namespace: 'bench-system',
        name: 'gitops-reader',
        clusterWide: true,
        expirationSeconds: 7200,
      },
    );

    const ca = createCertificateAuthority('gitops-bench-proxy-ca');
    const serving = issueServingCertificate(ca, {
      commonName: 'bench-cluster-proxy',
      ipAddresses: ['127.0.0.1'],
      dnsNames: ['localhost'],
    });
    const proxies = await startProxyFleet({
      upstream: env.server,
      upstreamCaPem: env.caPem,
      serving,
      namespaces: shape.clusters.map(c => c.namespace),
      workDir,
    });
    stops.push(() => proxies.stop());

    const catalogFiles = writeCatalogFiles(
      path.join(workDir, 'catalog'),
      shape,
    );
    const gitShim = createGitShim(workDir);
    const staticToken = crypto.randomBytes(24).toString('hex');
    const webhookSecret = crypto.randomBytes(16).toString('hex');

    let backend: BenchBackend | undefined;
    stops.push(async () => backend?.stop());
    return {
      shape,
      env,
      git,
      facade,
      repos,
      seeded,
      proxies,
      gitShim,
      staticToken,
      webhookSecret,
      workDir,
      timings,
      async startBackend(
        timeoutMs,
        entry,
        logName = 'backend.log',
        heapSnapshotDir,
      ) {
        const port = await freePort();
        const config = benchConfig({
          port,
          staticToken,
          catalogFiles,
          gitServerUrl: git.url,
          gitCacheDir: path.join(workDir, 'git-cache'),
          databaseDir,
          githubApiUrl: facade.url,
          cacheUrl: redis?.url,
          githubToken,
          webhookSecret,
          clusterToken: identity.token,
          caPem: ca.certPem,
          gitops: shape.clusters.map((cluster, i) => ({
            cluster,
            url: proxies.gitopsUrls[i],
          })),
          kubernetes: shape.clusters.map((cluster, i) => ({
            cluster,
            url: proxies.kubernetesUrls[i],
          })),
        });
        backend = await startBenchBackend({
          config,
          workDir,
          logFile: path.join(outputDir, logName),
          port,
          pathPrefix: gitShim.binDir,
          timeoutMs,
          entry,
          heapSnapshotDir,
          nodeFlags: options.nodeFlags ?? [],
        });
        return backend;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
