import yaml from 'js-yaml';

/** YAML as people write it in a GitOps repository. */
export function toYaml(...documents: object[]): string {
  return documents
    .map(doc =>
      yaml.dump(doc, { lineWidth: -1, noRefs: true, quotingType: '"' }),
    )
    .join('---\n');
}

export interface WorkloadSpec {
  name: string;
  partOf: string;
  image: string;
  port: number;
  memory: string;
  cpu: string;
  probes: boolean;
  env: Record<string, string>;
}

/** A Deployment, Service and ConfigMap for one service: the base of its overlays. */
export function workloadManifests(w: WorkloadSpec) {
  const labels = {
    'app.kubernetes.io/name': w.name,
    'app.kubernetes.io/part-of': w.partOf,
  };
  const probe = (path: string) => ({
    httpGet: { path, port: 'http' },
    periodSeconds: 10,
  });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': w.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: w.name,
              image: `${w.image}:latest`,
              ports: [{ name: 'http', containerPort: w.port }],
              envFrom: [{ configMapRef: { name: `${w.name}-config` } }],
              resources: {
                requests: { cpu: w.cpu, memory: w.memory },
                limits: { memory: w.memory },
              },
              ...(w.probes
                ? {
                    readinessProbe: probe('/ready'),
                    livenessProbe: probe('/healthz'),
                  }
                : {}),
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: w.name, labels },
    spec: {
      selector: { 'app.kubernetes.io/name': w.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${w.name}-config`, labels },
    data: w.env,
  };
  return { deployment, service, configMap };
}

export interface OverlaySpec {
  namespace: string;
  image: string;
  tag: string;
  replicas: number;
  name: string;
}

/** A kustomize overlay that pins the image tag and replica count of one environment. */
export function overlayKustomization(o: OverlaySpec, base = '../../base') {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: o.namespace,
    resources: [base],
    images: [{ name: o.image, newTag: o.tag }],
    replicas: [{ name: o.name, count: o.replicas }],
  };
}
