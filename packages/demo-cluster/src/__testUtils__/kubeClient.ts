import * as k8s from '@kubernetes/client-node';

/** A client-node KubeConfig for one cluster: URL, token and CA, as the plugin configures it. */
export function kubeConfigFor(
  url: string,
  token: string,
  caCert?: string,
): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'target',
        server: url,
        ...(caCert
          ? { caData: Buffer.from(caCert).toString('base64') }
          : { skipTLSVerify: true }),
      },
    ],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'target', cluster: 'target', user: 'user' }],
    currentContext: 'target',
  });
  return kc;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${
      last ? ` (last error: ${last})` : ''
    }`,
  );
}
