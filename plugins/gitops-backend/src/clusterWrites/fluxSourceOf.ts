import type { KubeObject } from '../cluster/kubeObject';
import { ClusterActionUnfitError } from './errors';
import { apiResourceFor, describeRef, type ObjectRef } from './resourcePaths';

/** A source `flux reconcile --with-source` would not annotate. */
export interface SkippedSource {
  kind: string;
  namespace: string;
  name: string;
  why: string;
}

export type FluxSource =
  | { ref: ObjectRef; skipped?: undefined }
  | { ref?: undefined; skipped: SkippedSource };

/**
 * The source a Kustomization or HelmRelease builds from, as its controller
 * reads it: `spec.sourceRef` (Kustomization), `spec.chartRef` or
 * `spec.chart.spec.sourceRef` (HelmRelease). The namespace defaults to the
 * object's own. An ExternalArtifact is produced by some other controller,
 * so annotating it asks no one to do anything: it is named and skipped.
 */
export function fluxSourceOf(kind: string, object: KubeObject): FluxSource {
  const namespace = object.metadata.namespace ?? '';
  const spec = (object as any).spec ?? {};
  const reference =
    kind === 'Kustomization'
      ? spec.sourceRef
      : spec.chartRef ?? spec.chart?.spec?.sourceRef;
  const self = describeRef({ kind, namespace, name: object.metadata.name });
  if (!reference?.kind || !reference?.name) {
    throw new ClusterActionUnfitError(
      `${self} names no source (${
        kind === 'Kustomization'
          ? 'spec.sourceRef'
          : 'spec.chartRef or spec.chart.spec.sourceRef'
      }), so there is nothing to reconcile it from`,
    );
  }
  const sourceNamespace = String(reference.namespace || namespace);
  const resource = apiResourceFor(
    String(reference.kind),
    reference.apiVersion ? String(reference.apiVersion) : undefined,
  );
  if (!resource) {
    return {
      skipped: {
        kind: String(reference.kind),
        namespace: sourceNamespace,
        name: String(reference.name),
        why:
          reference.kind === 'ExternalArtifact'
            ? 'an ExternalArtifact is not reconciled by Flux'
            : `the source kind ${reference.kind} is not one Flux reconciles`,
      },
    };
  }
  return {
    ref: {
      ...resource,
      namespace: sourceNamespace,
      name: String(reference.name),
    },
  };
}
