import { GitOpsClient } from './GitOpsClient';

function clientAnswering(response: Response) {
  const fetch = jest.fn(async (_input: RequestInfo | URL) => response);
  const client = new GitOpsClient({
    discoveryApi: {
      getBaseUrl: async plugin => `http://backstage.test/api/${plugin}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('GitOpsClient', () => {
  it('reads /health from the gitops backend', async () => {
    const body = { status: 'ok', version: '0.1.0', clusters: ['staging'] };
    const { client, fetch } = clientAnswering(
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await expect(client.getHealth()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage.test/api/gitops/health',
    );
  });

  it('turns an error answer into a ResponseError carrying the cause', async () => {
    const { client } = clientAnswering(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'denied' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    await expect(client.getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: expect.objectContaining({ message: 'denied' }),
    });
  });
});
