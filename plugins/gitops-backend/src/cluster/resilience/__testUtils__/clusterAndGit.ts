import {
  startGitServer,
  startTestEnvironment,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';

/**
 * The testkit's apiserver and Git server, with one repository where each
 * of `commits` commits changes `apps/<id>/deployment.yaml` of every id.
 */
export async function startClusterAndGit(options: {
  ids: string[];
  commits: number;
  apiserverArgs?: string[];
}): Promise<{
  env: TestEnvironment;
  git: GitServer;
  repoUrl: string;
  /** The commits, oldest first. */
  shas: string[];
}> {
  const [env, git] = await Promise.all([
    startTestEnvironment({ apiserverArgs: options.apiserverArgs }),
    startGitServer({ anonymousRead: true }),
  ]);
  const repo = await git.createRepository('acme/resilience');
  const shas: string[] = [];
  for (let i = 0; i < options.commits; i++) {
    shas.push(
      await repo.commit({
        message: `all apps: change ${i}`,
        files: Object.fromEntries(
          options.ids.map(id => [
            `apps/${id}/deployment.yaml`,
            `replicas: ${i}\n`,
          ]),
        ),
      }),
    );
  }
  return { env, git, repoUrl: `${git.url}/acme/resilience.git`, shas };
}
