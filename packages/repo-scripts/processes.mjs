// Small process helpers shared by the repository scripts.
import { spawn } from 'node:child_process';

/** Runs a command with inherited output; resolves to its exit status. */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Polls a URL until it answers with a status below 500, or times out. */
export async function waitForUrl(url, { timeoutMs, isAlive = () => true }) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (!isAlive())
      throw new Error(`gave up waiting for ${url}: process exited`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error.cause?.code ?? error.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${url} (${lastError})`,
  );
}

/** Sends a signal to a whole process group, ignoring one that is gone. */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
