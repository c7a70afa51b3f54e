import fs from 'node:fs';
import path from 'node:path';
import {
  ManagedProcess,
  waitFor,
  type CertificateAndKey,
} from '@gitops-console/testkit';
import { PACKAGE_ROOT } from '../paths';
import type { ProxyProcessSettings } from './proxyMain';

/** One proxy's counters as the proxy process reports them. */
export interface ProxyCounterData {
  requests: number;
  watches: number;
  byRoute: Record<string, number>;
}

export interface ProxyFleet {
  /** Per cluster (in shape order), the proxy each plugin uses. */
  readonly gitopsUrls: string[];
  readonly kubernetesUrls: string[];
  counters(): Promise<{
    gitops: ProxyCounterData[];
    kubernetes: ProxyCounterData[];
  }>;
  stop(): Promise<void>;
}

/** Starts both plugins' cluster proxies in their own Node process. */
export async function startProxyFleet(options: {
  upstream: string;
  upstreamCaPem: string;
  serving: CertificateAndKey;
  namespaces: string[];
  workDir: string;
}): Promise<ProxyFleet> {
  const settingsFile = path.join(options.workDir, 'proxies.json');
  const settings: ProxyProcessSettings = {
    upstream: options.upstream,
    upstreamCaPem: options.upstreamCaPem,
    serving: options.serving,
    namespaces: options.namespaces,
    sets: ['gitops', 'kubernetes'],
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });
  const logFile = path.join(options.workDir, 'proxies.log');
  fs.writeFileSync(logFile, '');
  const child = ManagedProcess.start({
    name: 'cluster proxies',
    command: process.execPath,
    args: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(PACKAGE_ROOT, 'src', 'infra', 'proxyMain.ts'),
      settingsFile,
    ],
    logFile,
  });
  let ready: { control: string; urls: Record<string, string[]> } | undefined;
  try {
    await waitFor(
      'the cluster proxies',
      async () => {
        // The log file, not the output tail: the tail splits long lines.
        const line = fs
          .readFileSync(logFile, 'utf8')
          .split('\n')
          .find(l => l.startsWith('READY ') && l.endsWith('}'));
        if (line) ready = JSON.parse(line.slice('READY '.length));
        return ready !== undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        failure: () => (child.running ? undefined : child.exitError()),
      },
    );
  } catch (error) {
    await child.stop();
    throw error;
  }
  const { control, urls } = ready!;
  return {
    gitopsUrls: urls.gitops,
    kubernetesUrls: urls.kubernetes,
    async counters() {
      const response = await fetch(`${control}/counters`);
      if (!response.ok) throw new Error(`proxy counters: ${response.status}`);
      return (await response.json()) as any;
    },
    stop: () => child.stop(),
  };
}
