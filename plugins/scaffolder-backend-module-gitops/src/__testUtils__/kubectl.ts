import { execFile } from 'node:child_process';

/** Runs kubectl (bounded to 60 s) and answers its stdout; stderr is in the error. */
export function kubectl(
  args: string[],
  options: { kubeconfig?: string; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      [
        ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 20 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error}`))
          : resolve(stdout),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Sends manifests to the API server as a server-side apply with
 * `dryRun=All`: admission, schema (CRDs included) and defaulting run,
 * nothing is stored.
 */
export function serverDryRun(kubeconfig: string, manifests: string) {
  return kubectl(
    [
      'apply',
      '--server-side',
      '--dry-run=server',
      '--field-manager=gitops-scaffolder-test',
      '-o',
      'name',
      '-f',
      '-',
    ],
    { kubeconfig, input: manifests },
  );
}
