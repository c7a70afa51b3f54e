import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  gitopsClusterSourcesExtensionPoint,
  gitopsGitProvidersExtensionPoint,
} from './extensions';
import type { GitProvider } from './gitProvider';
import type { GitOpsClusterSource } from './clusterSource';

describe('extension points', () => {
  it('carry providers and sources from a module to the plugin', async () => {
    const providers: GitProvider[] = [];
    const sources: GitOpsClusterSource[] = [];

    const plugin = createBackendPlugin({
      pluginId: 'gitops',
      register(env) {
        env.registerExtensionPoint(gitopsGitProvidersExtensionPoint, {
          addGitProvider: (...p) => providers.push(...p),
        });
        env.registerExtensionPoint(gitopsClusterSourcesExtensionPoint, {
          addClusterSource: (...s) => sources.push(...s),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });

    const gitlab: GitProvider = {
      id: 'gitlab',
      supports: url => url.startsWith('https://gitlab.example.com/'),
      resolveRevision: async () => 'a'.repeat(40),
      getCommit: async () => {
        throw new Error('not used');
      },
      listCommits: async () => ({ commits: [], truncated: false }),
      isAncestor: async () => true,
      refresh: async () => {},
      getStaleness: () => undefined,
    };
    const module = createBackendModule({
      pluginId: 'gitops',
      moduleId: 'gitlab',
      register(env) {
        env.registerInit({
          deps: {
            git: gitopsGitProvidersExtensionPoint,
            clusters: gitopsClusterSourcesExtensionPoint,
          },
          async init({ git, clusters }) {
            git.addGitProvider(gitlab);
            clusters.addClusterSource({
              id: 'rollouts',
              kinds: [
                {
                  group: 'argoproj.io',
                  version: 'v1alpha1',
                  plural: 'rollouts',
                  kind: 'Rollout',
                },
              ],
            });
          },
        });
      },
    });

    const backend = await startTestBackend({ features: [plugin, module] });
    try {
      expect(providers.map(p => p.id)).toEqual(['gitlab']);
      expect(providers[0].supports('https://gitlab.example.com/a/b')).toBe(
        true,
      );
      expect(sources.map(s => s.kinds[0].kind)).toEqual(['Rollout']);
    } finally {
      await backend.stop();
    }
  });
});
