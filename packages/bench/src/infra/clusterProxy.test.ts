import { scopePath } from './clusterProxy';
import { subcommandOf } from './gitShim';

describe('scopePath', () => {
  it('scopes cluster-wide list and watch of the GitOps kinds to the cluster namespace', () => {
    expect(
      scopePath(
        '/apis/argoproj.io/v1alpha1/applications?labelSelector=a%3Db',
        'cluster-03',
      ),
    ).toBe(
      '/apis/argoproj.io/v1alpha1/namespaces/cluster-03/applications?labelSelector=a%3Db',
    );
    expect(
      scopePath(
        '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations?watch=true',
        'c',
      ),
    ).toBe(
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/c/kustomizations?watch=true',
    );
  });

  it('leaves namespaced paths, discovery and other groups alone', () => {
    for (const p of [
      '/apis/argoproj.io/v1alpha1/namespaces/x/applications/a',
      '/apis/argoproj.io/v1alpha1',
      '/api/v1/namespaces',
      '/apis/apps/v1/deployments',
      '/version',
    ]) {
      expect(scopePath(p, 'cluster-01')).toBe(p);
    }
  });
});

describe('subcommandOf', () => {
  it('finds the git subcommand after global options', () => {
    expect(subcommandOf(['--git-dir', '/m.git', 'cat-file', '--batch'])).toBe(
      'cat-file',
    );
    expect(subcommandOf(['-C', '/w', '-c', 'a=b', 'fetch', 'origin'])).toBe(
      'fetch',
    );
    expect(subcommandOf(['--no-pager', 'log'])).toBe('log');
    expect(subcommandOf([])).toBe('(none)');
  });
});
