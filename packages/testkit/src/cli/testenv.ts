/*
 * `yarn testenv`: starts the whole test environment in the foreground and
 * prints one line per endpoint, so a person can use kubectl, git and curl
 * against it. Ctrl-C (or SIGTERM) stops everything.
 *
 *   KUBECONFIG=/tmp/gitops-testkit-kube-XXXX/kubeconfig.yaml
 *   KUBECTL=/usr/bin/kubectl
 *   GIT_URL=http://git:<token>@127.0.0.1:<port>
 *   GITHUB_API_URL=http://127.0.0.1:<port>
 *   GITHUB_TOKEN=<token>
 *   POSTGRES_URL=postgresql://postgres@127.0.0.1:<port>/postgres
 */
import { spawnSync } from 'node:child_process';
import { startGitServer } from '../git/gitServer';
import { startGitHubFacade } from '../github/gitHubFacade';
import { locateKubeBinaries } from '../kube/binaries';
import { startTestEnvironment } from '../kube/testEnvironment';
import {
  ensurePostgresInstalled,
  startPostgres,
} from '../postgres/startPostgres';
import { seedDemoRepository } from './seedDemoRepository';

function log(message: string) {
  process.stderr.write(`[testenv] ${message}\n`);
}

/** kubectl from PATH, or one built from the Go module proxy into the cache. */
function findKubectl(): string {
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], {
    encoding: 'utf8',
  });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  log(
    'no kubectl on PATH; building it from the Go module proxy (cached afterwards)',
  );
  return locateKubeBinaries({ build: true, kubectl: true }).kubectl!;
}

async function main() {
  const started = Date.now();
  // Build or find the binaries first: a cold build takes minutes and prints progress.
  const binaries = locateKubeBinaries({ build: true });
  const kubectl = findKubectl();
  ensurePostgresInstalled();

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    await Promise.allSettled(stops.reverse().map(stop => stop()));
    log('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(0));
  }

  try {
    const [kube, git, postgres] = await Promise.all([
      startTestEnvironment({ binaries }).then(env => {
        stops.push(() => env.stop());
        return env;
      }),
      startGitServer().then(server => {
        stops.push(() => server.stop());
        return server;
      }),
      startPostgres().then(server => {
        stops.push(() => server.stop());
        return server;
      }),
    ]);
    const github = await startGitHubFacade({ git, token: git.token });
    stops.push(() => github.stop());
    const demo = await seedDemoRepository(git);

    const gitUrl = git.url.replace('http://', `http://git:${git.token}@`);
    process.stdout.write(
      [
        `KUBECONFIG=${kube.kubeconfigPath}`,
        `KUBECTL=${kubectl}`,
        `GIT_URL=${gitUrl}`,
        `GITHUB_API_URL=${github.url}`,
        `GITHUB_TOKEN=${git.token}`,
        `POSTGRES_URL=${postgres.url}`,
        '',
      ].join('\n'),
    );
    log(
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (apiserver ${
        kube.startupMs
      } ms)`,
    );
    log(
      `try: ${kubectl} --kubeconfig ${kube.kubeconfigPath} get crd applications.argoproj.io`,
    );
    log(`     git clone ${gitUrl}/${demo}.git`);
    log(
      `     curl -H "Authorization: token ${git.token}" ${github.url}/repos/${demo}/commits`,
    );
    log('Ctrl-C stops everything');
  } catch (error) {
    log(`failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

main();
