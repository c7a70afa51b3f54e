import { describeKubeError } from './kubeErrors';
import { KubeStatusError, KubeTimeoutError } from './kubeHttp';

describe('describeKubeError', () => {
  it.each([
    [
      'an API answer with a Status body',
      {
        code: 403,
        body: JSON.stringify({
          kind: 'Status',
          message:
            'applications.argoproj.io is forbidden: User "x" cannot list',
        }),
      },
      {
        code: 403,
        message:
          '403 forbidden: applications.argoproj.io is forbidden: User "x" cannot list',
      },
    ],
    [
      'a watch error',
      Object.assign(new Error('Unauthorized'), { statusCode: 401 }),
      {
        code: 401,
        message: '401 unauthorized (check the token): Unauthorized',
      },
    ],
    [
      'a missing CRD',
      { code: 404, body: '' },
      { code: 404, message: '404 not found' },
    ],
    [
      'a refused connection',
      Object.assign(new Error('request failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
          code: 'ECONNREFUSED',
        }),
      }),
      {
        message:
          'connection refused (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6443)',
      },
    ],
    [
      'an untrusted certificate',
      Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      }),
      {
        message:
          'TLS: untrusted certificate (set caData) (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate)',
      },
    ],
    [
      'a request the server did not answer in time',
      new KubeTimeoutError('GET /version', 2000),
      {
        message:
          'GET /version: no answer within 2 s: the API server does not answer',
        timeout: true,
      },
    ],
    [
      'an error status from our HTTP client',
      new KubeStatusError(
        503,
        JSON.stringify({ kind: 'Status', message: 'not ready yet' }),
      ),
      { code: 503, message: 'HTTP 503: not ready yet' },
    ],
    ['anything else', new Error('boom'), { message: 'boom' }],
  ])('describes %s', (_name, error, expected) => {
    expect(describeKubeError(error)).toEqual(expected);
  });

  it('never includes request headers', () => {
    const error = Object.assign(new Error('HTTP 500'), {
      code: 500,
      headers: { authorization: 'Bearer secret-token' },
      body: 'internal error',
    });
    expect(JSON.stringify(describeKubeError(error))).not.toMatch(
      /secret-token/,
    );
  });
});
