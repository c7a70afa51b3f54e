import { stringify } from 'yaml';
import { layoutPath, ScaffolderConfig } from '../config';
import type { AppSpec } from './appSpec';
import { catalogInfo } from './catalogInfo';
import {
  argocdApplication,
  existingFluxSource,
  fluxGitRepository,
  fluxKustomization,
} from './cdObjects';
import { deployment, ingress, service } from './manifests';

/** One CD object file, as the outputs list it. */
export interface RenderedCdObject {
  environment: string;
  kind: 'Application' | 'Kustomization';
  name: string;
  namespace: string;
  /** Repository-relative path of the file holding it. */
  path: string;
}

/** What an app renders to: repository-relative paths and their content. */
export interface RenderedApp {
  appPath: string;
  catalogInfoPath: string;
  entityRef: string;
  files: Record<string, string>;
  cdObjects: RenderedCdObject[];
  /** Whether a GitRepository was rendered (Flux, repository not yet a source). */
  fluxSourceRendered: boolean;
}

const yamlDocs = (...docs: object[]) =>
  docs.map(doc => stringify(doc, { lineWidth: 0 })).join('---\n');

/**
 * Renders a validated app: a kustomize base, one overlay per environment,
 * the CD object of each environment in the folder the environment's root
 * app reads, and the catalog entity. Pure: nothing is written.
 */
export function renderApp(
  spec: AppSpec,
  config: ScaffolderConfig,
): RenderedApp {
  const appPath = layoutPath(config.layout.appPath, { name: spec.name });
  const files: Record<string, string> = {};
  const cdObjects: RenderedCdObject[] = [];

  const base = [
    ['deployment.yaml', deployment(spec)],
    ['service.yaml', service(spec)],
    ...(spec.ingressHost
      ? [['ingress.yaml', ingress(spec, spec.ingressHost)] as const]
      : []),
  ] as const;
  for (const [file, object] of base) {
    files[`${appPath}/base/${file}`] = yamlDocs(object);
  }
  files[`${appPath}/base/kustomization.yaml`] = yamlDocs({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: base.map(([file]) => file),
  });

  const existingSource =
    spec.cdTool === 'flux' ? existingFluxSource(spec, config) : undefined;
  for (const env of spec.environments) {
    const overlayPath = `${appPath}/overlays/${env.name}`;
    files[`${overlayPath}/kustomization.yaml`] = yamlDocs({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: spec.namespace,
      resources: ['../../base'],
      labels: [{ pairs: { environment: env.name }, includeSelectors: false }],
      images: [
        {
          name: spec.imageName,
          ...(env.digest ? { digest: env.digest } : { newTag: env.tag }),
        },
      ],
      replicas: [{ name: spec.name, count: env.replicas }],
    });

    const cdPath = `${layoutPath(config.layout.cdObjectsPath, {
      name: spec.name,
      environment: env.name,
    })}/${spec.name}.yaml`;
    if (spec.cdTool === 'argocd') {
      const app = argocdApplication(spec, env, overlayPath, config);
      files[cdPath] = yamlDocs(app);
      cdObjects.push({
        environment: env.name,
        kind: 'Application',
        name: app.metadata.name,
        namespace: app.metadata.namespace,
        path: cdPath,
      });
    } else {
      const source =
        existingSource ?? fluxGitRepository(spec, env, config).metadata;
      const kustomization = fluxKustomization(
        spec,
        env,
        overlayPath,
        source,
        config,
      );
      files[cdPath] = existingSource
        ? yamlDocs(kustomization)
        : yamlDocs(fluxGitRepository(spec, env, config), kustomization);
      cdObjects.push({
        environment: env.name,
        kind: 'Kustomization',
        name: kustomization.metadata.name,
        namespace: kustomization.metadata.namespace,
        path: cdPath,
      });
    }
  }

  const catalogInfoPath = `${appPath}/catalog-info.yaml`;
  files[catalogInfoPath] = yamlDocs(catalogInfo(spec, config));
  return {
    appPath,
    catalogInfoPath,
    entityRef: `component:default/${spec.name}`,
    files,
    cdObjects,
    fluxSourceRendered: spec.cdTool === 'flux' && !existingSource,
  };
}
