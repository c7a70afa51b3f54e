import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

/*
 * The demo cluster's Kubernetes API (packages/demo-cluster), reached as
 * kubectl would: HTTPS with the CA the demo wrote, and its write token.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const kubeBase = (
  process.env.DEMO_KUBE_URL ?? 'https://127.0.0.1:7443/clusters/staging'
).replace(/\/clusters\/[^/]+$/, '');
const caFile =
  process.env.DEMO_KUBE_CA_FILE ??
  path.join(repoRoot, '.demo-data', 'kube', 'ca.crt');

function request(
  method: string,
  url: URL,
  body?: unknown,
  contentType = 'application/json',
): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: fs.readFileSync(caFile),
        headers: {
          authorization: 'Bearer demo-token',
          ...(body !== undefined && { 'content-type': contentType }),
        },
        timeout: 5_000,
      },
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (text += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) {
            reject(
              new Error(`${method} ${url}: ${response.statusCode} ${text}`),
            );
          } else resolve(JSON.parse(text));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const applicationUrl = (environment: string, name: string) =>
  new URL(
    `${kubeBase}/clusters/${environment}/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${name}`,
  );

/** An Argo CD Application of one demo environment. */
export function readApplication(environment: string, name: string) {
  return request('GET', applicationUrl(environment, name));
}

/**
 * A JSON merge patch of an Application. Argo CD's Application has no
 * status subresource, so its status is patched with the object, as Argo
 * CD's controller writes it.
 */
export function patchApplication(
  environment: string,
  name: string,
  patch: unknown,
) {
  return request(
    'PATCH',
    applicationUrl(environment, name),
    patch,
    'application/merge-patch+json',
  );
}
