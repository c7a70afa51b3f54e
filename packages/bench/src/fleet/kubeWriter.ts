import https from 'node:https';
import type { KubeObject, TestEnvironment } from '@gitops-console/testkit';

/*
 * Bulk writes for seeding: plain creates (POST) and status merge patches
 * over one keep-alive connection pool. Server-side apply, which the testkit
 * uses, costs the apiserver several times more per object; at 12,000
 * objects that is minutes on two cores.
 */

const PLURALS: Record<string, string> = {
  Application: 'applications',
  Kustomization: 'kustomizations',
  GitRepository: 'gitrepositories',
};

export class KubeWriter {
  private readonly agent: https.Agent;
  private readonly base: URL;

  constructor(private readonly env: TestEnvironment, maxSockets = 32) {
    this.base = new URL(env.server);
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets,
      ca: env.caPem,
    });
  }

  private pathOf(obj: KubeObject) {
    const plural = PLURALS[obj.kind];
    if (!plural) throw new Error(`KubeWriter: no plural for ${obj.kind}`);
    return `/apis/${obj.apiVersion}/namespaces/${obj.metadata.namespace}/${plural}`;
  }

  private request(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
  ) {
    const payload = JSON.stringify(body);
    return new Promise<void>((resolve, reject) => {
      const req = https.request(
        {
          hostname: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.env.adminToken}`,
            'content-type': contentType,
            'content-length': Buffer.byteLength(payload),
            accept: 'application/json',
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            if ((res.statusCode ?? 500) < 300) resolve();
            else
              reject(
                new Error(
                  `${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)
                    .toString('utf8')
                    .slice(0, 300)}`,
                ),
              );
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Creates the object; `status` is kept only where the kind has no status subresource. */
  create(obj: KubeObject): Promise<void> {
    return this.request('POST', this.pathOf(obj), obj, 'application/json');
  }

  /** Writes `status` through the status subresource. */
  patchStatus(obj: KubeObject): Promise<void> {
    return this.request(
      'PATCH',
      `${this.pathOf(obj)}/${obj.metadata.name}/status`,
      { status: obj.status },
      'application/merge-patch+json',
    );
  }

  close() {
    this.agent.destroy();
  }
}
