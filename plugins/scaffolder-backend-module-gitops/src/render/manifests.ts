import type { AppSpec } from './appSpec';

/** The labels every workload object carries; the selector uses the first. */
export const appLabels = (name: string) => ({
  'app.kubernetes.io/name': name,
  'backstage.io/kubernetes-id': name,
});

export function deployment(spec: AppSpec) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name, labels: appLabels(spec.name) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': spec.name } },
      template: {
        metadata: { labels: appLabels(spec.name) },
        spec: {
          containers: [
            {
              name: spec.name,
              image: spec.imageReference,
              ports: [{ name: 'http', containerPort: spec.port }],
            },
          ],
        },
      },
    },
  };
}

export function service(spec: AppSpec) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name, labels: appLabels(spec.name) },
    spec: {
      selector: { 'app.kubernetes.io/name': spec.name },
      ports: [{ name: 'http', port: spec.port, targetPort: 'http' }],
    },
  };
}

export function ingress(spec: AppSpec, host: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: spec.name, labels: appLabels(spec.name) },
    spec: {
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: spec.name, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}
