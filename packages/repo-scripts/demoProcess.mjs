// Starts the demo (packages/repo-scripts/demo.mjs) in the background for the
// end-to-end tests, waits until app and backend answer, and stops it again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { killGroup, waitForUrl } from './processes.mjs';

const APP_URL = 'http://localhost:3000';
const HEALTH_URL = 'http://localhost:7007/api/gitops/health';
const STARTUP_FAILURE =
  /startup failed|BackendStartupError|Plugin '[^']+' .*failed/i;

async function portInUse(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

export async function startDemo({ root, logFile, timeoutMs = 5 * 60_000 }) {
  for (const url of [APP_URL, HEALTH_URL]) {
    if (await portInUse(url)) {
      throw new Error(
        `${
          new URL(url).host
        } is already in use; stop the running demo before running the tests`,
      );
    }
  }
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [path.join(root, 'packages/repo-scripts/demo.mjs')],
    {
      cwd: root,
      stdio: ['ignore', log, log],
      detached: true,
      env: { ...process.env, BROWSER: 'none' },
    },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 15_000;
      while (!exited && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 200));
      }
      if (!exited) killGroup(child.pid, 'SIGKILL');
    }
    fs.closeSync(log);
  };

  const started = Date.now();
  try {
    const isAlive = () => !exited;
    await waitForUrl(HEALTH_URL, { timeoutMs, isAlive });
    await waitForUrl(APP_URL, { timeoutMs, isAlive });
  } catch (error) {
    await stop();
    const tail = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new Error(`the demo did not start: ${error.message}\n${tail}`);
  }
  console.log(
    `[test] demo up in ${Math.round(
      (Date.now() - started) / 1000,
    )} s (log: ${path.relative(root, logFile)})`,
  );

  return {
    stop,
    startupFailures: () =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(line => STARTUP_FAILURE.test(line)),
  };
}
