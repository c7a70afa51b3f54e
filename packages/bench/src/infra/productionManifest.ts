/*
 * The package.json rewriting of --built: what Backstage's production pack
 * (`backstage-cli package prepack`, and the dist workspace a backend build
 * bundles) does to a workspace package, for our per-file compiled output.
 */

/** The fields of a package.json this file reads or writes. */
export interface Manifest {
  name: string;
  version?: string;
  main?: string;
  types?: string;
  module?: string;
  configSchema?: unknown;
  publishConfig?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Where a precompiled config schema goes, as Backstage names it. */
export const GENERATED_CONFIG_SCHEMA = 'config.schema.json';

/** The TypeScript config schema a package declares, if any. */
export function typeScriptConfigSchema(manifest: Manifest): string | undefined {
  const schema = manifest.configSchema;
  return typeof schema === 'string' && schema.endsWith('.d.ts')
    ? schema
    : undefined;
}

/**
 * The manifest of the built copy: `main` is the compiled entry, types and
 * the ESM entry are gone (nothing here reads them), and a `.d.ts` config
 * schema is replaced by its precompiled JSON, so that the backend's config
 * loading never starts the TypeScript compiler (as in production).
 */
export function productionManifest(
  manifest: Manifest,
  options: { main: string; schemaCompiled: boolean },
): Manifest {
  const {
    publishConfig: _publishConfig,
    types: _types,
    module: _module,
    ...rest
  } = manifest;
  const built: Manifest = { ...rest, main: options.main };
  const dts = typeScriptConfigSchema(manifest);
  if (dts) {
    if (!options.schemaCompiled)
      throw new Error(`${manifest.name}: its ${dts} has not been compiled`);
    built.configSchema = GENERATED_CONFIG_SCHEMA;
    if (built.files) {
      built.files = [
        ...built.files.filter(f => f !== dts),
        GENERATED_CONFIG_SCHEMA,
      ];
    }
  }
  return built;
}

/**
 * The workspace packages `start` loads, itself included: the closure of its
 * dependencies over the packages of this repository (by name), in a stable
 * order. Dependencies outside the workspace are installed packages.
 */
export function workspaceClosure(
  manifests: ReadonlyMap<string, Manifest>,
  start: string,
): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = manifests.get(name);
    if (!manifest) throw new Error(`${name} is not a workspace package`);
    seen.add(name);
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (manifests.has(dep)) visit(dep);
    }
  };
  visit(start);
  return [...seen].sort();
}

/**
 * The manifest of the bench backend's entry as a package of the run
 * folder's workspace: the bench's own runtime dependencies, without the
 * workspace packages only the harness uses (the backend loads none of
 * them). Config schemas are collected along these dependencies.
 */
export function entryManifest(
  bench: Manifest,
  harnessOnly: readonly string[],
): Manifest {
  return {
    name: `${bench.name}-backend`,
    version: bench.version,
    private: true,
    main: 'index.js',
    dependencies: Object.fromEntries(
      Object.entries(bench.dependencies ?? {}).filter(
        ([dep]) => !harnessOnly.includes(dep),
      ),
    ),
  };
}
