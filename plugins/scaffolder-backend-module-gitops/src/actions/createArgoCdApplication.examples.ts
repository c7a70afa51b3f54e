import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'An auto-synced Application for a new service',
    example: stringify({
      steps: [
        {
          id: 'argocd-app',
          action: 'gitops:argocd:create-application',
          name: 'Create the Argo CD Application',
          input: {
            name: 'inventory-staging',
            kubernetesId: 'inventory',
            repoUrl: 'https://github.com/acme/deployments',
            path: 'apps/inventory/staging',
            destinationNamespace: 'inventory',
          },
        },
      ],
    }),
  },
];
