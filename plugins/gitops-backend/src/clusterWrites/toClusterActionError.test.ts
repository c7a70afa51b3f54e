import { KubeStatusError, KubeTimeoutError } from '../cluster/kubeHttp';
import {
  ClusterActionConflictError,
  ClusterActionFailedError,
  ClusterActionForbiddenError,
  ClusterActionNotFoundError,
  ClusterActionUnavailableError,
  ClusterActionUnfitError,
} from './errors';
import { scrubCredentials, toClusterActionError } from './toClusterActionError';

const TOKEN = 'c0ffee-secret-token-value';
const context = {
  cluster: 'prod',
  object: 'Application argocd/shop',
  secrets: [TOKEN],
};

function status(code: number, message: string) {
  return new KubeStatusError(
    code,
    JSON.stringify({ kind: 'Status', code, message }),
  );
}

describe('toClusterActionError', () => {
  it.each([
    [
      status(403, 'forbidden: no patch'),
      ClusterActionForbiddenError,
      403,
      "cluster 'prod' refused: forbidden: no patch",
    ],
    [
      status(404, 'applications.argoproj.io "shop" not found'),
      ClusterActionNotFoundError,
      404,
      `Application argocd/shop is not in cluster 'prod': applications.argoproj.io "shop" not found`,
    ],
    [
      new KubeStatusError(404, '404 page not found'),
      ClusterActionNotFoundError,
      404,
      "cluster 'prod' does not serve the kind of Application argocd/shop (is its CRD installed?): 404 page not found",
    ],
    [
      status(409, 'the object has been modified'),
      ClusterActionConflictError,
      409,
      expect.stringContaining('changed in cluster'),
    ],
    [
      status(422, 'spec.suspend: Invalid value'),
      ClusterActionUnfitError,
      422,
      expect.stringContaining(
        'refused the patch of Application argocd/shop as invalid',
      ),
    ],
    [
      status(503, 'etcd leader changed'),
      ClusterActionUnavailableError,
      503,
      "cluster 'prod' could not take the action now (HTTP 503): etcd leader changed",
    ],
    [
      status(429, 'too many requests'),
      ClusterActionUnavailableError,
      503,
      expect.stringContaining('HTTP 429'),
    ],
    [
      status(400, 'bad'),
      ClusterActionFailedError,
      502,
      "cluster 'prod' answered HTTP 400 for Application argocd/shop: bad",
    ],
    [
      new KubeTimeoutError('GET /apis/x', 1500),
      ClusterActionUnavailableError,
      503,
      expect.stringContaining(
        'did not answer in time (GET /apis/x: no answer within 1.5 s',
      ),
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      }),
      ClusterActionUnavailableError,
      503,
      expect.stringContaining('unreachable: connection refused (ECONNREFUSED'),
    ],
  ])('%#: maps %s', (error, type, statusCode, message) => {
    const typed = toClusterActionError(error, context);
    expect(typed).toBeInstanceOf(type);
    expect(typed.statusCode).toBe(statusCode);
    expect(typed.message).toEqual(message);
  });

  it('tells a 401 from a 403', () => {
    const typed = toClusterActionError(status(401, 'Unauthorized'), context);
    expect(typed).toBeInstanceOf(ClusterActionForbiddenError);
    expect((typed as ClusterActionForbiddenError).clusterStatus).toBe(401);
  });

  it('passes a typed error through', () => {
    const typed = new ClusterActionUnfitError('no');
    expect(toClusterActionError(typed, context)).toBe(typed);
  });

  it('removes the token, bearer values and URL credentials from whatever the cluster said', () => {
    const typed = toClusterActionError(
      status(
        403,
        `token ${TOKEN} refused; Authorization: Bearer abc.def-ghi via https://u:p4ss@proxy.example.com/x?access_token=zzz`,
      ),
      context,
    );
    expect(typed.message).not.toContain(TOKEN);
    expect(typed.message).not.toContain('abc.def-ghi');
    expect(typed.message).not.toContain('p4ss');
    expect(typed.message).toContain('Bearer [redacted]');
    expect(JSON.stringify({ ...typed, stack: typed.stack })).not.toContain(
      TOKEN,
    );
    expect((typed as { cause?: unknown }).cause).toBeUndefined();
  });

  it('leaves text without secrets as it is', () => {
    expect(scrubCredentials('User "x" cannot patch', [undefined, TOKEN])).toBe(
      'User "x" cannot patch',
    );
  });
});
