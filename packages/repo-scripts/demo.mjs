#!/usr/bin/env node
// Runs the demo: Backstage's app on :3000 and backend on :7007. Started by
// `npm start` / `yarn start` through scripts/toolchain.mjs, which provides
// Node 22+ and the installed dependencies.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const cli = path.join(ROOT, 'node_modules', '.bin', 'backstage-cli');

const child = spawn(cli, ['repo', 'start', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  // Its own process group, so stopping the demo stops app and backend too.
  detached: true,
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stop(signal));
}
child.on('exit', (code, signal) => {
  stop('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
