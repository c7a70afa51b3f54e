import path from 'node:path';
import { startDemoCluster } from './startDemoCluster';

/*
 * `node bin/demo-cluster.mjs [--keep-state] [--data-dir DIR] [--kube-port N] [--git-port N] [--github-port N]`
 *
 * Starts the demo cluster, Git server and GitHub API, prints how to reach
 * them as DEMO_KUBE_URL/DEMO_KUBE_TOKEN/DEMO_GIT_URL/DEMO_GITHUB_URL lines,
 * and runs until SIGINT or SIGTERM. DEMO_KEEP_STATE=1 is the same as --keep-state.
 */

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const started = Date.now();
  const repoRoot = path.resolve(
    path.dirname(require.resolve('@gitops-console/demo-cluster/package.json')),
    '..',
    '..',
  );
  const keepState =
    args.includes('--keep-state') ||
    ['1', 'true'].includes(process.env.DEMO_KEEP_STATE ?? '');
  const demo = await startDemoCluster({
    dataDir: path.resolve(
      argValue(args, '--data-dir') ?? path.join(repoRoot, '.demo-data'),
    ),
    keepState,
    kubePort: Number(argValue(args, '--kube-port') ?? 7443),
    gitPort: Number(argValue(args, '--git-port') ?? 7444),
    githubPort: Number(argValue(args, '--github-port') ?? 7445),
    log: message => console.error(`[demo-cluster] ${message}`),
  });
  console.log(`DEMO_KUBE_URL=${demo.clusterUrl('staging')}`);
  console.log(`DEMO_KUBE_URL_PRODUCTION=${demo.clusterUrl('production')}`);
  console.log(`DEMO_KUBE_TOKEN=${demo.token}`);
  console.log(`DEMO_GIT_URL=${demo.gitUrl}`);
  console.log(`DEMO_GITHUB_URL=${demo.githubUrl}`);
  console.log(`DEMO_KUBE_CA_FILE=${demo.caFile}`);
  console.log(`DEMO_KUBECONFIG=${demo.kubeconfigFile}`);
  for (const url of demo.repositoryUrls)
    console.log(`[demo-cluster] repository: ${url}`);
  let stateNote = '';
  if (demo.keptState) stateNote = " (kept the previous run's state)";
  else if (keepState) stateNote = ' (no saved state to keep: started fresh)';
  console.log(
    `[demo-cluster] ready in ${
      Date.now() - started
    } ms${stateNote}; try: kubectl --server ${demo.clusterUrl(
      'staging',
    )} --token ${demo.token} --certificate-authority ${
      demo.caFile
    } get applications.argoproj.io -A`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[demo-cluster] ${signal}: stopping`);
    await demo.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void stop(signal));
}

main().catch(error => {
  if (error?.code === 'EADDRINUSE') {
    console.error(
      `[demo-cluster] port ${error.port} is already in use: is another demo running? Stop it first.`,
    );
    process.exit(1);
  }
  console.error(
    `[demo-cluster] failed to start: ${
      error instanceof Error ? error.stack : error
    }`,
  );
  process.exit(1);
});
