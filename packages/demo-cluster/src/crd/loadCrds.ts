import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { JSONSchemaProps, PrinterColumn, ResourceType } from './resourceType';

/**
 * The kinds the demo cluster serves. ApplicationSet is left out on purpose:
 * its CRD is 1.4 MB, nothing in the plugin reads it, and parsing it would
 * add a second to every start.
 */
export const DEFAULT_SERVED_KINDS = [
  'Application',
  'AppProject',
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
];

/**
 * Where the official CRDs are read from: the test environment's copy
 * (packages/testkit/crds), so that the demo cluster and the real API server
 * in the tests check objects against the very same files.
 */
export function defaultCrdDirectories(): string[] {
  return [
    path.join(
      path.dirname(require.resolve('@gitops-console/testkit/package.json')),
      'crds',
    ),
  ];
}

function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** The first directory that holds CRD files. */
export function findCrdDirectory(candidates = defaultCrdDirectories()): string {
  const found = candidates.find(dir => yamlFilesUnder(dir).length > 0);
  if (!found) {
    throw new Error(`no CRD files found; looked in ${candidates.join(', ')}`);
  }
  return found;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: {
      kind: string;
      listKind?: string;
      plural: string;
      singular?: string;
      shortNames?: string[];
      categories?: string[];
    };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema: JSONSchemaProps };
      subresources?: { status?: object };
      additionalPrinterColumns?: PrinterColumn[];
    }>;
  };
}

function toResourceTypes(doc: CrdDocument): ResourceType[] {
  const spec = doc.spec!;
  const names = spec.names;
  return spec.versions
    .filter(version => version.served)
    .map(version => ({
      group: spec.group,
      version: version.name,
      apiVersion: `${spec.group}/${version.name}`,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      namespaced: spec.scope === 'Namespaced',
      statusSubresource: Boolean(version.subresources?.status),
      printerColumns: version.additionalPrinterColumns ?? [],
      schema: version.schema?.openAPIV3Schema ?? {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      },
    }));
}

/**
 * Reads the CRDs for the given kinds. A file's kind is sniffed from its text
 * before parsing, so large CRDs that are not served cost nothing.
 */
export function loadResourceTypes(options?: {
  directory?: string;
  kinds?: string[];
}): ResourceType[] {
  const directory = options?.directory ?? findCrdDirectory();
  const kinds = new Set(options?.kinds ?? DEFAULT_SERVED_KINDS);
  const types: ResourceType[] = [];
  for (const file of yamlFilesUnder(directory)) {
    const text = fs.readFileSync(file, 'utf8');
    const kind = text.match(/^ {4}kind: (\w+)\s*$/m)?.[1];
    if (!kind || !kinds.has(kind)) continue;
    for (const doc of yaml.loadAll(text) as CrdDocument[]) {
      if (
        doc?.kind === 'CustomResourceDefinition' &&
        kinds.has(doc.spec!.names.kind)
      ) {
        types.push(...toResourceTypes(doc));
      }
    }
  }
  const missing = [...kinds].filter(k => !types.some(t => t.kind === k));
  if (missing.length > 0) {
    throw new Error(`no CRD for ${missing.join(', ')} in ${directory}`);
  }
  return types;
}
