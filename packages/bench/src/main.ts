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
import { snapshotPlugins } from './infra/codeSnapshot';
import { setUp, type BenchSetup } from './infra/setup';
import type { BenchBackend } from './infra/benchBackend';
import { BenchApi } from './load/api';
import { measureColdStart } from './measure/coldStart';
import { measureFreshness } from './measure/freshness';
import { measureGitFreshness } from './measure/gitFreshness';
import {
  runGitopsMeasures,
  runKubernetesMeasures,
} from './measure/runMeasures';
import { printTable, toLatestJson } from './report';

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
    setup = await setUp(shape, args.outputDir);
    const entry = args.gitopsAt
      ? snapshotPlugins(ROOT, args.gitopsAt, path.join(setup.workDir, 'code'))
      : undefined;
    log(
      `starting the benchmark backend${
        args.gitopsAt ? ` with plugins/ at ${args.gitopsAt}` : ''
      }`,
    );
    backend = await setup.startBackend(180_000, entry);
    const api = new BenchApi(backend.url, setup.staticToken);
    const startupS = (Date.now() - backend.startedAt) / 1000;
    const answeringRssMb = backend.rssMb();
    log(
      `backend answering after ${startupS} s (pid ${backend.pid}); waiting for every view`,
    );
    let lastLogged = 0;
    const cold = await measureColdStart({
      api,
      startedAt: backend.startedAt,
      expectedDeployments: shape.deployments.length,
      expectedEntities: shape.services.length,
      timeoutMs: args.coldTimeoutS * 1000,
      onPoll: last => {
        if (Date.now() - lastLogged > 10_000) {
          lastLogged = Date.now();
          log(`  views: ${last}`);
        }
      },
    });
    log(
      `cold start: ${cold.seconds ?? `> ${args.coldTimeoutS}`} s (${
        cold.signal
      } ${cold.last})`,
    );

    const options = { setup, backend, api, args, log };
    const coldRssMb = backend.rssMb();
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
    // Before the Kubernetes plugin's load, which runs in the same process.
    const peakRssMb = backend.peakRssMb();
    const kubernetes = await runKubernetesMeasures(options);
    const rss = {
      answering_mb: answeringRssMb,
      after_cold_start_mb: coldRssMb,
      peak_before_kubernetes_load_mb: peakRssMb,
      peak_with_kubernetes_load_mb: backend.peakRssMb(),
    };
    const result = toLatestJson({
      args,
      shape,
      setup,
      startupS,
      cold,
      measures,
      kubernetes,
      rss,
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
