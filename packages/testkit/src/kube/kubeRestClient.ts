import https from 'node:https';

/** A failed Kubernetes API call, carrying the HTTP status and the Status message. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly statusCode: number,
    readonly body: any,
  ) {
    super(
      `${method} ${path} failed with HTTP ${statusCode}: ${
        body?.message ?? JSON.stringify(body)
      }`,
    );
    this.name = 'KubeApiError';
  }
}

/**
 * A minimal JSON client for the apiserver, used by the harness itself so that
 * setting up the environment does not depend on @kubernetes/client-node's
 * generated API surface (which tests exercise separately).
 */
export class KubeRestClient {
  private readonly agent: https.Agent;

  constructor(
    readonly server: string,
    private readonly caPem: string,
    private readonly token: string,
  ) {
    this.agent = new https.Agent({ ca: caPem, keepAlive: false });
  }

  withToken(token: string): KubeRestClient {
    return new KubeRestClient(this.server, this.caPem, token);
  }

  /** Sends one request; resolves to the status and parsed JSON body. */
  raw(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ statusCode: number; body: any }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = https.request(
        new URL(path, this.server),
        {
          method,
          agent: this.agent,
          timeout: 30_000,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload !== undefined
              ? {
                  'content-type': contentType,
                  'content-length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', chunk => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON (e.g. /readyz answers "ok")
            }
            resolve({ statusCode: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`${method} ${path} timed out`)),
      );
      request.on('error', reject);
      if (payload !== undefined) request.write(payload);
      request.end();
    });
  }

  /** Like raw(), but throws KubeApiError on any status of 300 or more. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<any> {
    const response = await this.raw(method, path, body, contentType);
    if (response.statusCode >= 300) {
      throw new KubeApiError(method, path, response.statusCode, response.body);
    }
    return response.body;
  }

  close() {
    this.agent.destroy();
  }
}
