import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess, waitFor } from '@gitops-console/testkit';
import { killProcessTree } from './killProcessTree';

/** The minimal backend (catalog + GitOps plugin) of packages/backend. */
export const REPLICA_ENTRY = path.resolve(
  __dirname,
  '../../../../../packages/backend/src/replica/gitopsReplica.ts',
);

export interface ReplicaProcess {
  readonly url: string;
  readonly name: string;
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<void>;
  /**
   * SIGKILL to the backend and every process under it at once (its git
   * children too), as when a container is killed; resolves once it exited.
   */
  crash(): Promise<void>;
}

/**
 * Starts one backend process with its own config file (JSON is YAML) and
 * resolves once `/api/gitops/health` answers, i.e. every plugin started.
 */
export async function startReplica(options: {
  name: string;
  port: number;
  config: object;
  workDir: string;
  timeoutMs: number;
  /** Added to the test's environment. */
  env?: NodeJS.ProcessEnv;
}): Promise<ReplicaProcess> {
  const configFile = path.join(options.workDir, `${options.name}.json`);
  fs.writeFileSync(configFile, JSON.stringify(options.config), {
    mode: 0o600,
  });
  const child = ManagedProcess.start({
    name: `backend ${options.name}`,
    command: process.execPath,
    args: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      REPLICA_ENTRY,
      '--config',
      configFile,
    ],
    cwd: path.dirname(path.dirname(path.dirname(REPLICA_ENTRY))),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.REPLICA_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    logFile: path.join(options.workDir, `${options.name}.log`),
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(
    `backend ${options.name} to answer /api/gitops/health`,
    async () => (await fetch(`${url}/api/gitops/health`)).ok,
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 250,
      failure: () => (child.running ? undefined : child.exitError()),
    },
  ).catch(async error => {
    await child.stop();
    throw error;
  });
  return {
    url,
    name: options.name,
    recentOutput: () => child.recentOutput(),
    stop: graceMs => child.stop(graceMs),
    crash: async () => {
      if (child.pid !== undefined) killProcessTree(child.pid);
      await child.waitForExit();
    },
  };
}

/**
 * One call to a replica's GitOps API with a static token; the body is
 * answered parsed when it is JSON, as text otherwise.
 */
export async function callReplica(
  replica: ReplicaProcess,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${replica.url}/api/gitops${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
