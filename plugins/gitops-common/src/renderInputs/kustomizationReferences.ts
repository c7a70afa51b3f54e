/**
 * The references one kustomization file makes, read from its parsed YAML.
 * Which fields hold paths follows the kustomize `Kustomization` and
 * `Component` kinds (kustomize v5), including the deprecated fields.
 */

/** One path a kustomization file names. */
export interface KustomizationReference {
  /** The field it comes from, for messages (`resources`, `patches[].path`). */
  field: string;
  /** The reference as written. */
  value: string;
  /** A folder it names may hold a kustomization file to follow. */
  follow: boolean;
  /** Listed only when the repository has it (kustomize defaults). */
  optional?: boolean;
}

/** What a kustomization file references, and what could not be read. */
export interface KustomizationReferences {
  references: KustomizationReference[];
  /** Remote Helm chart repositories (`helmCharts[].repo`), with the chart. */
  remoteCharts: Array<{ repo: string; chart: string }>;
  /** Fields of the wrong shape, in words. */
  problems: string[];
}

type Doc = Record<string, unknown>;

const FOLLOWED_LISTS = ['resources', 'bases', 'components'];
const PLUGIN_LISTS = ['generators', 'transformers', 'validators'];
const FILE_LISTS = ['crds', 'configurations'];

/** Reads the references of a parsed kustomization document. */
export function kustomizationReferences(doc: Doc): KustomizationReferences {
  const out: KustomizationReferences = {
    references: [],
    remoteCharts: [],
    problems: [],
  };
  const add = (field: string, value: unknown, follow = false) => {
    if (typeof value === 'string' && value.trim() !== '') {
      out.references.push({ field, value: value.trim(), follow });
    }
  };
  const list = (field: string, value: unknown): unknown[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    out.problems.push(`\`${field}\` is not a list`);
    return [];
  };
  const objects = (field: string): Doc[] =>
    list(field, doc[field]).filter(
      (item): item is Doc => typeof item === 'object' && item !== null,
    );

  for (const field of FOLLOWED_LISTS) {
    for (const item of list(field, doc[field])) add(field, item, true);
  }
  for (const field of PLUGIN_LISTS) {
    for (const item of list(field, doc[field])) {
      // Entries may be inline plugin configurations rather than paths.
      if (typeof item === 'string' && !isInline(item)) add(field, item, true);
    }
  }
  for (const field of FILE_LISTS) {
    for (const item of list(field, doc[field])) add(field, item);
  }
  for (const item of list('patchesStrategicMerge', doc.patchesStrategicMerge)) {
    if (typeof item === 'string' && !isInline(item)) {
      add('patchesStrategicMerge', item);
    }
  }
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    for (const item of objects(field)) add(`${field}[].path`, item.path);
  }
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const generator of objects(field)) {
      for (const file of list(`${field}[].files`, generator.files)) {
        // `key=path` names the key the file's content is stored under.
        if (typeof file === 'string') {
          add(`${field}[].files`, file.slice(file.indexOf('=') + 1));
        }
      }
      for (const env of list(`${field}[].envs`, generator.envs)) {
        add(`${field}[].envs`, env);
      }
      add(`${field}[].env`, generator.env);
    }
  }
  const charts = objects('helmCharts');
  for (const chart of charts) {
    add('helmCharts[].valuesFile', chart.valuesFile);
    for (const file of list(
      'helmCharts[].additionalValuesFiles',
      chart.additionalValuesFiles,
    )) {
      add('helmCharts[].additionalValuesFiles', file);
    }
    if (typeof chart.repo === 'string' && chart.repo.trim() !== '') {
      const name = typeof chart.name === 'string' ? chart.name : '(unnamed)';
      const version =
        typeof chart.version === 'string' ? ` ${chart.version}` : '';
      out.remoteCharts.push({
        repo: chart.repo.trim(),
        chart: `${name}${version}`,
      });
    }
  }
  const globals = asObject(doc.helmGlobals);
  if (typeof globals?.chartHome === 'string') {
    add('helmGlobals.chartHome', globals.chartHome);
  } else if (charts.length > 0) {
    // kustomize looks for (and downloads) charts into `charts` by default.
    out.references.push({
      field: 'helmGlobals.chartHome',
      value: 'charts',
      follow: false,
      optional: true,
    });
  }
  add('openapi.path', asObject(doc.openapi)?.path);
  return out;
}

function isInline(entry: string): boolean {
  return entry.includes('\n') || entry.trimStart().startsWith('{');
}

function asObject(value: unknown): Doc | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Doc)
    : undefined;
}
