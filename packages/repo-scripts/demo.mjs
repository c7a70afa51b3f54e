#!/usr/bin/env node
// Runs the demo: the demo cluster, its Git server and its GitHub API
// (packages/demo-cluster, https://127.0.0.1:7443, http://127.0.0.1:7444 and
// http://127.0.0.1:7445), then Backstage's app on
// :3000 and backend on :7007. Started by `npm start` / `yarn start` through
// toolchain.mjs, which provides Node 22+ and the installed dependencies.
//
//   --keep-state        keep the demo repositories and cluster state of the
//                       previous run (.demo-data/); also DEMO_KEEP_STATE=1.
//                       Without it every start begins clean.
//
// Other arguments go to `backstage-cli repo start`. Each part runs in its own
// process group; when one stops, or on Ctrl-C, all are stopped.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const cli = path.join(ROOT, 'node_modules', '.bin', 'backstage-cli');
const demoCluster = path.join(
  ROOT,
  'packages',
  'demo-cluster',
  'bin',
  'demo-cluster.mjs',
);

const args = process.argv.slice(2);
const keepState = args.includes('--keep-state');
const backstageArgs = args.filter(arg => arg !== '--keep-state');

const children = [];
let stopping = false;

function stopAll(signal) {
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

function shutDown(signal, exitCode) {
  if (stopping) return;
  stopping = true;
  stopAll(signal);
  // Give each part a moment to stop (the demo cluster saves its state), then insist.
  const deadline = setTimeout(() => stopAll('SIGKILL'), 10_000);
  deadline.unref();
  Promise.all(children.map(child => child.exited)).then(() =>
    process.exit(exitCode),
  );
}

function start(label, command, commandArgs, options) {
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    detached: true,
    ...options,
  });
  child.exited = new Promise(resolve =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  children.push(child);
  child.exited.then(({ code, signal }) => {
    if (!stopping) {
      console.error(
        `[demo] ${label} exited (${signal ?? code}); stopping the demo`,
      );
      shutDown('SIGTERM', code || 1);
    }
  });
  return child;
}

/** Starts the demo cluster and resolves once it printed that it is ready. */
function startDemoCluster() {
  const child = start(
    'the demo cluster',
    process.execPath,
    [demoCluster, ...(keepState ? ['--keep-state'] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', line => {
      console.log(line);
      if (line.startsWith('[demo-cluster] ready')) resolve();
    });
    child.exited.then(({ code }) =>
      reject(
        new Error(`the demo cluster exited before it was ready (exit ${code})`),
      ),
    );
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => shutDown(signal, 0));
}

try {
  await startDemoCluster();
} catch (error) {
  console.error(`[demo] ${error.message}`);
  shutDown('SIGTERM', 1);
}
if (!stopping) {
  start('Backstage', cli, ['repo', 'start', ...backstageArgs], {
    stdio: 'inherit',
    // The backend's Git mirrors live with the demo's own data, never in a
    // folder another backend on the machine could share.
    env: {
      ...process.env,
      APP_CONFIG_gitops_git_cacheDir: path.join(
        ROOT,
        '.demo-data',
        'backend-git-mirrors',
      ),
    },
  });
}
