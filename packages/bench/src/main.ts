/*
 * yarn bench: the GitOps Console backend at platform scale on a real
 * kube-apiserver, side by side with the Kubernetes plugin. See README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from './args';
import { REPO_ROOT } from './paths';
import { fleetShape } from './fleet/shape';
import { buildBackend } from './infra/builtBackend';
import { snapshotPlugins } from './infra/codeSnapshot';
import { setUp, type BenchSetup } from './infra/setup';
import { backendNodeFlags } from './infra/nodeFlags';
import type { BenchBackend } from './infra/benchBackend';
import { BenchApi } from './load/api';
import { measureColdStart } from './measure/coldStart';
import {
  bytesPerObject,
  memoryPoint,
  type MemoryPoint,
} from './measure/memory';
import { measureFreshness } from './measure/freshness';
import { measureGitFreshness } from './measure/gitFreshness';
import { githubHistoryRead } from './measure/githubHistoryRead';
import {
  phaseMarker,
  runGitopsMeasures,
  runKubernetesMeasures,
} from './measure/runMeasures';
import {
  backendRun,
  backendRunJson,
  githubRequestsByRoute,
  printTable,
  toLatestJson,
} from './report';

const ROOT = REPO_ROOT;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    path.join(ROOT, 'bench-output'),
  );
  fs.mkdirSync(args.outputDir, { recursive: true });
  const shape = fleetShape(args.scale);
  const began = Date.now();
  const loadAtStart = os.loadavg()[0];
  log(
    `scale ${args.scale}: ${shape.deployments.length} custom resources on ${shape.clusters.length} clusters, ` +
      `${shape.services.length} entities, ${shape.commitCount} commits`,
  );
  let setup: BenchSetup | undefined;
  let backend: BenchBackend | undefined;
  const stopAll = async () => {
    await backend?.stop().catch(() => undefined);
    await setup?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      stopAll().finally(() => process.exit(130));
    });
  }
  try {
    setup = await setUp(shape, args.outputDir, {
      redis: args.redis,
      nodeFlags: backendNodeFlags(args),
    });
    const codeDir = path.join(setup.workDir, 'code');
    let entry: string | undefined;
    if (args.backendMode === 'built') {
      const buildStarted = Date.now();
      entry = await buildBackend({
        repoRoot: ROOT,
        dir: codeDir,
        rev: args.gitopsAt,
      });
      log(
        `built the backend into ${codeDir} in ${
          (Date.now() - buildStarted) / 1000
        } s`,
      );
    } else if (args.gitopsAt) {
      entry = snapshotPlugins(ROOT, args.gitopsAt, codeDir);
    }
    /** Starts the backend and waits for every view, with what it cost. */
    const startAndWait = async (
      what: string,
      logName: string,
      heapSnapshotDir?: string,
    ) => {
      log(
        `starting the benchmark backend (${what}, ${backendRun(args)})${
          args.gitopsAt ? ` with plugins/ at ${args.gitopsAt}` : ''
        }`,
      );
      const started = await setup!.startBackend(
        180_000,
        entry,
        logName,
        heapSnapshotDir,
      );
      backend = started;
      const api = new BenchApi(started.url, setup!.staticToken);
      const startupS = (Date.now() - started.startedAt) / 1000;
      const answeringRssMb = started.rssMb();
      log(
        `backend answering after ${startupS} s (pid ${started.pid}); waiting for every view`,
      );
      const githubBefore = setup!.facade.served.length;
      const gitBefore = setup!.gitShim.count();
      let lastLogged = 0;
      const memory: Partial<Record<'answering' | 'synced', MemoryPoint>> = {
        answering: await memoryPoint(api).catch(() => undefined),
      };
      const cold = await measureColdStart({
        api,
        startedAt: started.startedAt,
        expectedDeployments: shape.deployments.length,
        expectedEntities: shape.services.length,
        timeoutMs: args.coldTimeoutS * 1000,
        onClustersSynced: async () => {
          memory.synced = await memoryPoint(api).catch(() => undefined);
        },
        onPoll: last => {
          if (Date.now() - lastLogged > 10_000) {
            lastLogged = Date.now();
            log(
              `  views: ${last}; GitHub facade requests ${
                setup!.facade.served.length - githubBefore
              }`,
            );
          }
        },
      });
      // CPU beside wall time: other jobs on the machine stretch the latter.
      const cpuS = started.cpuS();
      const childCpuS = started.childCpuS();
      const gitAfter = setup!.gitShim.count();
      const gitProcesses = Object.fromEntries(
        Object.entries(gitAfter.bySubcommand)
          .map(([sub, n]) => [sub, n - (gitBefore.bySubcommand[sub] ?? 0)])
          .filter(([, n]) => (n as number) > 0),
      );
      const built = await memoryPoint(api).catch(() => undefined);
      const perObject =
        memory.answering && memory.synced && built
          ? bytesPerObject(
              memory.answering,
              memory.synced,
              built,
              shape.deployments.length,
            )
          : undefined;
      log(`memory (${what}): ${JSON.stringify(perObject)}`);
      const servedNow = setup!.facade.served.slice(githubBefore);
      const github = githubRequestsByRoute(servedNow);
      const historyRead = githubHistoryRead(servedNow, started.startedAt);
      log(
        `cold start (${what}): ${
          cold.seconds ?? `> ${args.coldTimeoutS}`
        } s, ${cpuS.toFixed(1)} CPU s, ${childCpuS.toFixed(
          1,
        )} CPU s in child processes (${cold.signal} ${
          cold.last
        }); catalog complete at ${cold.catalogS} s, clusters synced at ${
          cold.clustersSyncedS
        } s; GitHub requests ${JSON.stringify(
          github,
        )}; GitHub history read ${JSON.stringify(
          historyRead,
        )}; git processes ${JSON.stringify(gitProcesses)}`,
      );
      return {
        backend: started,
        api,
        startupS,
        answeringRssMb,
        cold: {
          ...cold,
          cpu_s: cpuS,
          child_cpu_s: childCpuS,
          github_requests: github,
          github_history_read: historyRead,
          git_processes: gitProcesses,
        },
        memory: perObject,
      };
    };

    // First start: an empty catalog, which ingests the catalog file first.
    const first = await startAndWait('first start', 'backend-first-start.log');
    const firstStart = {
      memory: first.memory,
      startupS: first.startupS,
      cold: first.cold,
      peak_rss_mb: first.backend.peakRssMb(),
    };
    await first.backend.stop();
    // A restart, as in production: the catalog is in the database already
    // (SQLite files here, PostgreSQL there); GitOps views start from nothing.
    const restart = await startAndWait(
      'restart',
      'backend.log',
      args.heapSnapshot ? args.outputDir : undefined,
    );
    const { api, startupS, answeringRssMb, cold } = restart;
    const running = restart.backend;
    const options = { setup, backend: running, api, args, log };
    const coldRssMb = running.rssMb();
    const coldRssParts = running.rssParts();
    const coldMemory = restart.memory;
    // Before a heap snapshot, which takes a lot of memory to write.
    const coldPeakRssMb = running.peakRssMb();
    if (args.heapSnapshot) {
      log('writing a heap snapshot of the backend');
      log(`heap snapshot: ${await running.writeHeapSnapshot()}`);
    }
    if (args.coldOnly) {
      const result = {
        at: new Date().toISOString(),
        scale: args.scale,
        cache: args.redis ? 'redis' : 'memory',
        ...backendRunJson(args),
        first_start: {
          backend_answering_s: firstStart.startupS,
          peak_rss_mb: firstStart.peak_rss_mb,
          cold_start: firstStart.cold,
        },
        restart: {
          backend_answering_s: startupS,
          cold_start: cold,
          rss_answering_mb: answeringRssMb,
          rss_after_cold_start_mb: coldRssMb,
          peak_rss_mb: coldPeakRssMb,
          rss_parts: coldRssParts,
          memory: coldMemory,
        },
        loadavg_1m_at_start: Number(loadAtStart.toFixed(2)),
        loadavg_1m_at_end: Number(os.loadavg()[0].toFixed(2)),
      };
      fs.writeFileSync(
        path.join(args.outputDir, 'cold-only.json'),
        `${JSON.stringify(result, null, 2)}\n`,
      );
      log(`wrote ${path.join(args.outputDir, 'cold-only.json')}`);
      return;
    }
    const mark = phaseMarker(options);
    await mark('cold start');
    const measures = await runGitopsMeasures(options);

    log('cluster freshness');
    const freshness = await measureFreshness({
      api,
      env: setup.env,
      seeded: setup.seeded,
      changes: args.changes,
      perChangeTimeoutMs: 15_000,
      budgetMs: 120_000,
    });
    await mark('cluster freshness');
    log('Git push freshness');
    const gitFreshness = await measureGitFreshness({
      api,
      seeded: setup.seeded,
      repos: setup.repos,
      gitServerUrl: setup.git.url,
      webhookSecret: setup.webhookSecret,
      pushes: args.pushes,
      perPushTimeoutMs: 30_000,
      budgetMs: 120_000,
    });
    await mark('Git push freshness');
    // Before the Kubernetes plugin's load, which runs in the same process.
    const peakRssMb = running.peakRssMb();
    const gitopsRssParts = running.rssParts();
    const kubernetes = await runKubernetesMeasures(options);
    await mark('Kubernetes plugin load');
    const rss = {
      answering_mb: answeringRssMb,
      after_cold_start_mb: coldRssMb,
      peak_before_kubernetes_load_mb: peakRssMb,
      peak_with_kubernetes_load_mb: running.peakRssMb(),
    };
    const rssParts = {
      after_cold_start: coldRssParts,
      after_gitops_measures: gitopsRssParts,
    };
    const result = toLatestJson({
      args,
      shape,
      setup,
      startupS,
      cold,
      firstStart,
      memory: restart.memory,
      measures,
      kubernetes,
      rss,
      rssParts,
      rssByPhase: running.phaseTrail(),
      phaseClock: {
        backend_pid: running.pid,
        backend_spawned_mono_us: running.startedMonoUs,
      },
      freshness,
      gitFreshness,
      peakRssMb,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version,
        // Other work on the machine skews every figure; say how busy it was.
        loadavg_1m_at_start: Number(loadAtStart.toFixed(2)),
        loadavg_1m_at_end: Number(os.loadavg()[0].toFixed(2)),
      },
      totalS: (Date.now() - began) / 1000,
    });
    fs.writeFileSync(
      path.join(args.outputDir, 'latest.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(printTable(result));
    log(
      `wrote ${path.join(args.outputDir, 'latest.json')} after ${
        result.total_s
      } s`,
    );
  } finally {
    await stopAll();
  }
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
