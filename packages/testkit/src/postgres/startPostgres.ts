import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../process/freePort';
import { ManagedProcess } from '../process/managedProcess';
import { makeTempDir } from '../process/tempDir';
import { waitFor } from '../process/waitFor';

const DEBIAN_PREFIX = '/usr/lib/postgresql';

/** A throwaway PostgreSQL server on loopback. */
export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  port: number;
  majorVersion: number;
  /**
   * The variable Backstage's TestDatabases reads for this major version,
   * e.g. { BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: url }.
   */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL installed from Debian's packages. */
export function findPostgres(): { binDir: string; majorVersion: number } {
  const versions = fs.existsSync(DEBIAN_PREFIX)
    ? fs
        .readdirSync(DEBIAN_PREFIX)
        .filter(v =>
          fs.existsSync(path.join(DEBIAN_PREFIX, v, 'bin', 'postgres')),
        )
        .map(Number)
        .filter(Number.isFinite)
        .sort((a, b) => b - a)
    : [];
  if (!versions.length) {
    throw new Error(
      `PostgreSQL is not installed (nothing under ${DEBIAN_PREFIX}/*/bin/postgres); ` +
        'install it with: apt-get install -y postgresql',
    );
  }
  return {
    binDir: path.join(DEBIAN_PREFIX, String(versions[0]), 'bin'),
    majorVersion: versions[0],
  };
}

/** Installs Debian's postgresql package when it is missing and we may (root). */
export function ensurePostgresInstalled(): void {
  try {
    findPostgres();
    return;
  } catch (missing) {
    if (process.getuid?.() !== 0) throw missing;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0)
      throw new Error(
        `apt-get ${args.join(' ')} exited with code ${result.status}`,
      );
  }
  findPostgres();
}

/** PostgreSQL refuses to run as root; as root, run it as the postgres user. */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(
      spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim(),
    );
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid === 0) {
    throw new Error(
      'running as root, but there is no "postgres" user to run PostgreSQL as',
    );
  }
  return { uid, gid };
}

/**
 * initdb + postgres in a fresh temporary folder, on a free loopback port
 * (or `port`), tuned for tests (no fsync). Stopping removes everything.
 */
export async function startPostgres(
  options: { port?: number } = {},
): Promise<PostgresServer> {
  const { binDir, majorVersion } = findPostgres();
  const ids = runAsIds();
  const root = makeTempDir('gitops-testkit-pg');
  const dataDir = path.join(root.path, 'data');
  if (ids.uid !== undefined) fs.chownSync(root.path, ids.uid, ids.gid!);
  let server: ManagedProcess | undefined;
  try {
    const init = spawnSync(
      path.join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
        '--no-instructions',
      ],
      { encoding: 'utf8', ...ids, cwd: root.path },
    );
    if (init.status !== 0) {
      throw new Error(
        `initdb exited with code ${init.status}: ${(
          init.stderr || init.stdout
        ).trim()}`,
      );
    }
    const port = options.port ?? (await freePort());
    server = ManagedProcess.start({
      name: 'postgres',
      command: path.join(binDir, 'postgres'),
      args: [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-k',
        root.path,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      cwd: root.path,
      orphanDir: root.path,
      ...ids,
    });
    const running = server;
    await waitFor(
      `postgres on port ${port}`,
      async () =>
        spawnSync(path.join(binDir, 'pg_isready'), [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-q',
        ]).status === 0,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        failure: () => (running.running ? undefined : running.exitError()),
      },
    );
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      majorVersion,
      env: {
        [`BACKSTAGE_TEST_DATABASE_POSTGRES${majorVersion}_CONNECTION_STRING`]:
          url,
      },
      async stop() {
        await running.stop();
        root.remove();
      },
    };
  } catch (error) {
    await server?.stop();
    root.remove();
    throw error;
  }
}
