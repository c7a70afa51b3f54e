import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Where kube-apiserver and etcd (and kubectl, when asked) live. */
export interface KubeBinaries {
  dir: string;
  kubeApiserver: string;
  etcd: string;
  kubectl?: string;
}

const BUILD_SCRIPT = resolvePackagePath(
  '@gitops-console/testkit',
  'scripts/build-kube-binaries.mjs',
);

/**
 * Resolves the binaries through the build script, which owns the pins and the
 * cache layout. With `build: false` (the default for tests) a missing cache
 * fails fast with the command that builds it, instead of compiling for
 * twenty minutes inside a test.
 */
export function locateKubeBinaries(
  options: { build?: boolean; kubectl?: boolean } = {},
): KubeBinaries {
  const args = [BUILD_SCRIPT, '--print-dir'];
  if (!options.build) args.push('--check');
  if (options.kubectl) args.push('--kubectl');
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', options.build ? 'inherit' : 'pipe'],
  });
  if (result.status !== 0) {
    const reason = (result.stderr ?? '').trim() || `exit code ${result.status}`;
    throw new Error(`Kubernetes test binaries unavailable: ${reason}`);
  }
  const dir = result.stdout.trim();
  return {
    dir,
    kubeApiserver: path.join(dir, 'kube-apiserver'),
    etcd: path.join(dir, 'etcd'),
    kubectl: options.kubectl ? path.join(dir, 'kubectl') : undefined,
  };
}
