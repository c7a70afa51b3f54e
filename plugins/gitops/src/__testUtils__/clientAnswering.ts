import { GitOpsClient } from '../api/GitOpsClient';

/** The base URL the client built by {@link clientAnswering} calls. */
export const CLIENT_BASE_URL = 'http://backstage.test/api/gitops';

/** A JSON answer as the backend sends it. */
export function json(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** A GitOpsClient whose fetch answers `responses` in order, then `{}`. */
export function clientAnswering(...responses: Response[]) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      responses.shift() ?? json({}),
  );
  const client = new GitOpsClient({
    discoveryApi: {
      getBaseUrl: async plugin => `http://backstage.test/api/${plugin}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}
