import fs from 'node:fs';
import path from 'node:path';
import { BACKEND_ENTRY, PACKAGE_ROOT } from '../paths';
import {
  extractPlugins,
  linkInstalledModules,
  pluginFolders,
} from './codeSnapshot';
import {
  GENERATED_CONFIG_SCHEMA,
  entryManifest,
  productionManifest,
  typeScriptConfigSchema,
  workspaceClosure,
  type Manifest,
} from './productionManifest';

/*
 * --built: the benchmark backend as production runs it. Our packages that
 * the backend loads are compiled ahead of time to CommonJS in the run folder
 * (with SWC, the compiler the development transform uses at run time, with
 * the same options), their `.d.ts` config schemas precompiled to JSON as
 * Backstage's production pack does, and the backend is started with plain
 * `node`. The run folder is a workspace of its own (a root package.json), as
 * a production backend's dist workspace is, so the config loading collects
 * schemas along the backend's dependencies, not the whole repository's.
 */

const SOURCE_FILE = /\.(ts|tsx|cts)$/;
const NOT_SHIPPED =
  /(\.test\.tsx?|\.d\.ts|setupTests\.ts)$|(^|\/)__testUtils__(\/|$)/;
/** Workspace packages of the bench that the backend process never loads. */
const HARNESS_ONLY = ['@gitops-console/testkit'];

interface Swc {
  transformSync(code: string, options: object): { code: string; map?: string };
}

/** A package the bench declares, resolved through another it declares. */
function requireThrough<T>(through: string, name: string): T {
  const base = path.dirname(require.resolve(`${through}/package.json`));
  // eslint-disable-next-line @backstage/no-undeclared-imports
  return require(require.resolve(name, { paths: [base] }));
}

/** SWC, as @backstage/cli (and its nodeTransform) installs it. */
const swc = () => requireThrough<Swc>('@backstage/cli', '@swc/core');

/** Compiles one TypeScript file to CommonJS with an external source map. */
function compileFile(from: string, to: string) {
  const out = swc().transformSync(fs.readFileSync(from, 'utf8'), {
    filename: from,
    sourceMaps: true,
    swcrc: false,
    // What nodeTransform.cjs passes, minus the inline source map.
    module: { type: 'commonjs', ignoreDynamic: true },
    jsc: { target: 'es2024', parser: { syntax: 'typescript' } },
  });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const js = to.replace(SOURCE_FILE, '.js');
  fs.writeFileSync(
    js,
    `${out.code}\n//# sourceMappingURL=${path.basename(js)}.map\n`,
  );
  if (out.map) fs.writeFileSync(`${js}.map`, out.map);
}

/** Compiles (or copies) every shipped file under `from` into `to`. */
function compileTree(from: string, to: string) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (NOT_SHIPPED.test(entry.isDirectory() ? `${entry.name}/` : entry.name))
      continue;
    if (entry.isDirectory()) compileTree(source, target);
    else if (SOURCE_FILE.test(entry.name)) compileFile(source, target);
    else {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

/** The part of @backstage/config-loader used here. */
interface ConfigLoader {
  loadConfigSchema(options: {
    dependencies: string[];
    packagePaths: string[];
    excludePackageDependencies: boolean;
  }): Promise<{
    serialize(): { schemas: Array<{ path: string; value: unknown }> };
  }>;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

/**
 * The JSON config schema of each package with a `.d.ts` one, compiled once
 * at build time through the config loader the backend uses, as
 * `backstage-cli`'s production pack does (compilePackageConfigSchemas).
 */
async function compileConfigSchemas(
  packages: Array<{ dir: string; manifest: Manifest }>,
): Promise<Map<string, unknown>> {
  const withSchema = packages.filter(p => typeScriptConfigSchema(p.manifest));
  if (withSchema.length === 0) return new Map();
  const loader = requireThrough<ConfigLoader>(
    '@backstage/backend-defaults',
    '@backstage/config-loader',
  );
  const schema = await loader.loadConfigSchema({
    dependencies: [],
    packagePaths: withSchema.map(p => path.join(p.dir, 'package.json')),
    excludePackageDependencies: true,
  });
  const byPath = new Map(
    withSchema.map(p => [
      path.resolve(p.dir, typeScriptConfigSchema(p.manifest)!),
      p.manifest.name,
    ]),
  );
  const compiled = new Map<string, unknown>();
  for (const entry of schema.serialize().schemas) {
    const name = byPath.get(path.resolve(process.cwd(), entry.path));
    if (name) compiled.set(name, entry.value);
  }
  return compiled;
}

/**
 * Builds the run folder `dir` from plugins/ of the working tree, or as
 * committed at `rev`; returns the compiled backend entry to run there.
 */
export async function buildBackend(options: {
  repoRoot: string;
  dir: string;
  rev?: string;
}): Promise<string> {
  const { repoRoot, dir, rev } = options;
  let sourceRoot = repoRoot;
  if (rev) {
    sourceRoot = path.join(dir, 'source');
    extractPlugins(repoRoot, rev, sourceRoot);
  }
  const sources = new Map<string, { dir: string; manifest: Manifest }>();
  for (const [, folder] of pluginFolders(sourceRoot)) {
    const manifest = readManifest(folder);
    sources.set(manifest.name, { dir: folder, manifest });
  }
  const gitopsBackend = readManifest(
    path.join(repoRoot, 'plugins', 'gitops-backend'),
  ).name;
  const closure = workspaceClosure(
    new Map([...sources].map(([name, s]) => [name, s.manifest])),
    gitopsBackend,
  );
  const packages = closure.map(name => sources.get(name)!);
  const schemas = await compileConfigSchemas(packages);

  const own = new Map<string, string>();
  for (const { dir: from, manifest } of packages) {
    const to = path.join(dir, 'plugins', path.basename(from));
    compileTree(path.join(from, 'src'), path.join(to, 'dist'));
    // What the package ships besides its code (migrations, ...).
    const dts = typeScriptConfigSchema(manifest);
    for (const file of manifest.files ?? []) {
      if (file === 'dist' || file === dts) continue;
      const source = path.join(from, file);
      if (fs.existsSync(source))
        fs.cpSync(source, path.join(to, file), { recursive: true });
    }
    const schema = schemas.get(manifest.name);
    if (schema !== undefined) {
      fs.writeFileSync(
        path.join(to, GENERATED_CONFIG_SCHEMA),
        `${JSON.stringify(schema, null, 2)}\n`,
      );
    }
    fs.writeFileSync(
      path.join(to, 'package.json'),
      `${JSON.stringify(
        productionManifest(manifest, {
          main: 'dist/index.js',
          schemaCompiled: schema !== undefined,
        }),
        null,
        2,
      )}\n`,
    );
    own.set(manifest.name.replace(/^@gitops-console\//, ''), to);
  }

  // The entry and the bench-only plugins beside it, as a package.
  const entryDir = path.join(dir, 'bench-backend');
  compileTree(path.dirname(BACKEND_ENTRY), entryDir);
  fs.writeFileSync(
    path.join(entryDir, 'package.json'),
    `${JSON.stringify(
      entryManifest(readManifest(PACKAGE_ROOT), HARNESS_ONLY),
      null,
      2,
    )}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'gitops-bench-run',
        private: true,
        workspaces: ['plugins/*', 'bench-backend'],
      },
      null,
      2,
    )}\n`,
  );
  linkInstalledModules(repoRoot, dir, own);
  return path.join(entryDir, `${path.basename(BACKEND_ENTRY, '.ts')}.js`);
}
