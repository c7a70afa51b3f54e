import {
  entryManifest,
  productionManifest,
  typeScriptConfigSchema,
  workspaceClosure,
  type Manifest,
} from './productionManifest';

const backend: Manifest = {
  name: '@gitops-console/plugin-gitops-backend',
  version: '0.1.0',
  main: 'src/index.ts',
  types: 'src/index.ts',
  configSchema: 'config.d.ts',
  publishConfig: { access: 'public', main: 'dist/index.cjs.js' },
  files: ['dist', 'config.d.ts', 'migrations'],
  dependencies: {
    '@backstage/config': '^1.3.11',
    '@gitops-console/plugin-gitops-common': 'workspace:^',
    '@gitops-console/plugin-gitops-node': 'workspace:^',
  },
  devDependencies: { '@gitops-console/testkit': 'workspace:^' },
};

describe('productionManifest', () => {
  it('points main at the compiled entry and swaps the .d.ts schema for its JSON', () => {
    expect(
      productionManifest(backend, {
        main: 'dist/index.js',
        schemaCompiled: true,
      }),
    ).toEqual({
      name: '@gitops-console/plugin-gitops-backend',
      version: '0.1.0',
      main: 'dist/index.js',
      configSchema: 'config.schema.json',
      files: ['dist', 'migrations', 'config.schema.json'],
      dependencies: backend.dependencies,
      devDependencies: backend.devDependencies,
    });
  });

  it('refuses a .d.ts schema that was not compiled (the backend would start TypeScript)', () => {
    expect(() =>
      productionManifest(backend, {
        main: 'dist/index.js',
        schemaCompiled: false,
      }),
    ).toThrow(/config\.d\.ts has not been compiled/);
  });

  it('leaves a package without a schema, or with a JSON one, as it is apart from its entry', () => {
    const common: Manifest = {
      name: '@gitops-console/plugin-gitops-common',
      main: 'src/index.ts',
      module: 'dist/index.esm.js',
      files: ['dist'],
    };
    expect(
      productionManifest(common, {
        main: 'dist/index.js',
        schemaCompiled: false,
      }),
    ).toEqual({
      name: '@gitops-console/plugin-gitops-common',
      main: 'dist/index.js',
      files: ['dist'],
    });
    const json = { name: 'x', configSchema: 'config.schema.json' };
    expect(typeScriptConfigSchema(json)).toBeUndefined();
    expect(
      productionManifest(json, { main: 'dist/index.js', schemaCompiled: false })
        .configSchema,
    ).toBe('config.schema.json');
  });

  it('does not change the manifest it was given', () => {
    const copy = structuredClone(backend);
    productionManifest(backend, {
      main: 'dist/index.js',
      schemaCompiled: true,
    });
    expect(backend).toEqual(copy);
  });
});

describe('workspaceClosure', () => {
  const manifests = new Map<string, Manifest>([
    [backend.name, backend],
    [
      '@gitops-console/plugin-gitops-node',
      {
        name: '@gitops-console/plugin-gitops-node',
        dependencies: { '@gitops-console/plugin-gitops-common': 'workspace:^' },
      },
    ],
    [
      '@gitops-console/plugin-gitops-common',
      { name: '@gitops-console/plugin-gitops-common' },
    ],
    [
      '@gitops-console/plugin-gitops',
      {
        name: '@gitops-console/plugin-gitops',
        dependencies: { '@gitops-console/plugin-gitops-common': 'workspace:^' },
      },
    ],
  ]);

  it('follows runtime dependencies among workspace packages only', () => {
    expect(workspaceClosure(manifests, backend.name)).toEqual([
      '@gitops-console/plugin-gitops-backend',
      '@gitops-console/plugin-gitops-common',
      '@gitops-console/plugin-gitops-node',
    ]);
  });

  it('fails for a start that is not in the workspace', () => {
    expect(() => workspaceClosure(manifests, '@backstage/config')).toThrow(
      /not a workspace package/,
    );
  });
});

describe('entryManifest', () => {
  it('is the bench with its runtime dependencies minus the harness-only ones', () => {
    expect(
      entryManifest(
        {
          name: '@gitops-console/bench',
          version: '0.1.0',
          main: 'src/index.ts',
          dependencies: {
            '@backstage/backend-defaults': '^0.19.0',
            '@gitops-console/plugin-gitops-backend': 'workspace:^',
            '@gitops-console/testkit': 'workspace:^',
          },
          devDependencies: { '@backstage/cli': '^0.36.8' },
        },
        ['@gitops-console/testkit'],
      ),
    ).toEqual({
      name: '@gitops-console/bench-backend',
      version: '0.1.0',
      private: true,
      main: 'index.js',
      dependencies: {
        '@backstage/backend-defaults': '^0.19.0',
        '@gitops-console/plugin-gitops-backend': 'workspace:^',
      },
    });
  });
});
