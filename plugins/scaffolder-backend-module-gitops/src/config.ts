import type { Config } from '@backstage/config';

/** The `gitops.scaffolder` section with its defaults applied. */
export interface ScaffolderConfig {
  layout: { appPath: string; cdObjectsPath: string };
  /** Empty means any DNS label is an environment. */
  environments: string[];
  defaultRepoUrl?: string;
  defaultRepoUrls: { argocd?: string; flux?: string };
  plainGitFileUrl?: string;
  argocd: { namespace: string; project: string; destinationServer: string };
  flux: {
    namespace: string;
    sources: Array<{ url: string; name: string; namespace: string }>;
  };
}

export const DEFAULT_LAYOUT = {
  appPath: 'apps/{{name}}',
  cdObjectsPath: 'clusters/{{environment}}',
};

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

function checkTemplate(key: string, value: string, needs: string[]): string {
  const used = [...value.matchAll(PLACEHOLDER)].map(m => m[1]);
  const unknown = used.filter(name => !['name', 'environment'].includes(name));
  if (unknown.length) {
    throw new Error(
      `${key} uses unknown placeholder(s) ${unknown
        .map(u => `{{${u}}}`)
        .join(', ')}; only {{name}} and {{environment}} exist`,
    );
  }
  const missing = needs.filter(n => !used.includes(n));
  if (missing.length) {
    throw new Error(
      `${key} must contain ${missing
        .map(m => `{{${m}}}`)
        .join(' and ')}, so that apps and environments do not share a path`,
    );
  }
  if (value.startsWith('/') || value.split('/').includes('..')) {
    throw new Error(`${key} must be a relative path inside the repository`);
  }
  return value.replace(/\/+$/, '');
}

/** Fills a layout path template. */
export function layoutPath(
  template: string,
  values: { name: string; environment?: string },
): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = values[key as keyof typeof values];
    if (value === undefined) {
      throw new Error(`layout path ${template} needs a value for {{${key}}}`);
    }
    return value;
  });
}

/** Reads `gitops.scaffolder`, and `gitops.clusters[].environment` for the environments. */
export function readScaffolderConfig(config: Config): ScaffolderConfig {
  const section = config.getOptionalConfig('gitops.scaffolder');
  const layout = section?.getOptionalConfig('layout');
  const clusterEnvironments = (
    config.getOptionalConfigArray('gitops.clusters') ?? []
  )
    .map(cluster => cluster.getOptionalString('environment'))
    .filter((env): env is string => Boolean(env));
  const environments = section?.getOptionalStringArray('environments') ?? [
    ...new Set(clusterEnvironments),
  ];
  const flux = section?.getOptionalConfig('flux');
  const fluxNamespace = flux?.getOptionalString('namespace') ?? 'flux-system';
  return {
    layout: {
      appPath: checkTemplate(
        'gitops.scaffolder.layout.appPath',
        layout?.getOptionalString('appPath') ?? DEFAULT_LAYOUT.appPath,
        ['name'],
      ),
      cdObjectsPath: checkTemplate(
        'gitops.scaffolder.layout.cdObjectsPath',
        layout?.getOptionalString('cdObjectsPath') ??
          DEFAULT_LAYOUT.cdObjectsPath,
        ['environment'],
      ),
    },
    environments,
    defaultRepoUrl: section?.getOptionalString('defaultRepoUrl'),
    defaultRepoUrls: {
      argocd: section?.getOptionalString('defaultRepoUrls.argocd'),
      flux: section?.getOptionalString('defaultRepoUrls.flux'),
    },
    plainGitFileUrl: section?.getOptionalString('plainGitFileUrl'),
    argocd: {
      namespace: section?.getOptionalString('argocd.namespace') ?? 'argocd',
      project: section?.getOptionalString('argocd.project') ?? 'default',
      destinationServer:
        section?.getOptionalString('argocd.destinationServer') ??
        'https://kubernetes.default.svc',
    },
    flux: {
      namespace: fluxNamespace,
      sources: (flux?.getOptionalConfigArray('sources') ?? []).map(source => ({
        url: source.getString('url'),
        name: source.getString('name'),
        namespace: source.getOptionalString('namespace') ?? fluxNamespace,
      })),
    },
  };
}
