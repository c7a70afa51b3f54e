import { ConfigReader } from '@backstage/config';
import { readClusters } from './readClusters';

describe('readClusters', () => {
  it('reads gitops.clusters', () => {
    const result = readClusters(
      new ConfigReader({
        gitops: {
          clusters: [
            {
              name: 'staging',
              url: 'https://staging.example.com:6443/',
              token: 'secret',
              environment: 'staging',
            },
            { name: 'prod', url: 'https://prod.example.com', tokenFile: '/t' },
          ],
        },
      }),
    );
    expect(result.source).toBe('gitops');
    expect(result.clusters).toEqual([
      expect.objectContaining({
        name: 'staging',
        url: 'https://staging.example.com:6443',
        token: 'secret',
        environment: 'staging',
        skipTLSVerify: false,
      }),
      expect.objectContaining({ name: 'prod', tokenFile: '/t' }),
    ]);
  });

  it('falls back to the kubernetes config locator', () => {
    const result = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'k8s-a',
                  url: 'https://a.example.com',
                  serviceAccountToken: 't',
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
      }),
    );
    expect(result.source).toBe('kubernetes');
    expect(result.clusters).toEqual([
      expect.objectContaining({
        name: 'k8s-a',
        token: 't',
        skipTLSVerify: true,
      }),
    ]);
  });

  it('reports no clusters when neither section exists', () => {
    expect(readClusters(new ConfigReader({}))).toEqual({
      clusters: [],
      source: 'none',
    });
  });

  it.each([
    [{ url: 'https://a' }, /gitops\.clusters\[0\]\.name/],
    [{ name: 'a' }, /gitops\.clusters\[0\]\.url/],
    [{ name: 'a', url: 'not a url' }, /gitops\.clusters\[0\]\.url.*not a URL/],
    [{ name: 'a', url: 'ftp://host' }, /gitops\.clusters\[0\]\.url.*http/],
    [{ name: ' ', url: 'https://a' }, /gitops\.clusters\[0\]\.name.*empty/],
    [
      { name: 'a', url: 'https://a', token: 'x', tokenFile: '/y' },
      /gitops\.clusters\[0\]\.tokenFile/,
    ],
    [{ name: 'a', url: 'https://a', skipTLSVerify: 5 }, /skipTLSVerify/],
  ])('rejects %j naming the key', (entry, message) => {
    expect(() =>
      readClusters(new ConfigReader({ gitops: { clusters: [entry] } })),
    ).toThrow(message);
  });

  it('rejects duplicate names naming the second entry', () => {
    expect(() =>
      readClusters(
        new ConfigReader({
          gitops: {
            clusters: [
              { name: 'a', url: 'https://a' },
              { name: 'a', url: 'https://b' },
            ],
          },
        }),
      ),
    ).toThrow(/gitops\.clusters\[1\]\.name.*used by another cluster/);
  });

  it('reads namespaces and watchTimeoutSeconds', () => {
    const { clusters } = readClusters(
      new ConfigReader({
        gitops: {
          clusters: [
            {
              name: 'prod',
              url: 'https://prod.example.com',
              namespaces: ['argocd', 'team-payments'],
              watchTimeoutSeconds: 30,
            },
            { name: 'dev', url: 'https://dev.example.com' },
          ],
        },
      }),
    );
    expect(clusters[0]).toMatchObject({
      namespaces: ['argocd', 'team-payments'],
      watchTimeoutSeconds: 30,
    });
    expect(clusters[1].namespaces).toBeUndefined();
    expect(clusters[1].watchTimeoutSeconds).toBeUndefined();
  });

  it.each([
    [
      'a string instead of a list',
      { namespaces: 'argocd' },
      "Invalid GitOps cluster configuration at 'gitops.clusters[0].namespaces': must be a list of namespace names",
    ],
    [
      'an empty list',
      { namespaces: [] },
      "Invalid GitOps cluster configuration at 'gitops.clusters[0].namespaces': must name at least one namespace; leave it out to read every namespace",
    ],
    [
      'a name Kubernetes refuses',
      { namespaces: ['argocd', 'Team_Payments'] },
      `Invalid GitOps cluster configuration at 'gitops.clusters[0].namespaces[1]': "Team_Payments" is not a namespace name (lower-case letters, digits and '-', at most 63)`,
    ],
    [
      'a name listed twice',
      { namespaces: ['argocd', 'argocd'] },
      "Invalid GitOps cluster configuration at 'gitops.clusters[0].namespaces[1]': the namespace 'argocd' is listed twice",
    ],
    [
      'a watch timeout below 2 s',
      { watchTimeoutSeconds: 1 },
      "Invalid GitOps cluster configuration at 'gitops.clusters[0].watchTimeoutSeconds': must be between 2 and 3600 seconds, got 1",
    ],
    [
      'a watch timeout that is not a number',
      { watchTimeoutSeconds: 'soon' },
      "Invalid GitOps cluster configuration at 'gitops.clusters[0].watchTimeoutSeconds': must be a number of seconds",
    ],
  ])('refuses %s, naming the key', (_name, extra, message) => {
    expect(() =>
      readClusters(
        new ConfigReader({
          gitops: {
            clusters: [
              { name: 'prod', url: 'https://prod.example.com', ...extra },
            ],
          },
        }),
      ),
    ).toThrow(message);
  });
});
