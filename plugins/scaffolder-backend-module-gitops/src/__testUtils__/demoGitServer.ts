import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GitHttpServer,
  startGitHttpServer,
} from '@gitops-console/demo-cluster';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  }).toString();

export interface DemoGitServer {
  server: GitHttpServer;
  /** A repository's bare folder, for reading what was pushed. */
  gitDir(name: string): string;
  git(name: string, ...args: string[]): string;
  stop(): Promise<void>;
}

/**
 * The demo's Git server (push for anyone on loopback, raw files) over a
 * temporary folder, with bare repositories holding one commit each.
 */
export async function startDemoGitServer(
  repositories: Record<string, Record<string, string>>,
): Promise<DemoGitServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-git-'));
  for (const [name, files] of Object.entries(repositories)) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-work-'));
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), content);
    }
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'add', '.');
    git(
      work,
      '-c',
      'user.name=demo',
      '-c',
      'user.email=demo@demo',
      'commit',
      '-q',
      '-m',
      'initial',
    );
    git(root, 'clone', '-q', '--bare', work, path.join(root, name));
    fs.rmSync(work, { recursive: true, force: true });
  }
  const server = await startGitHttpServer({ root });
  return {
    server,
    gitDir: name => path.join(root, name),
    git: (name, ...args) => git(path.join(root, name), ...args),
    async stop() {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
