import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'An Argo CD app in staging and production, from the default GitOps repository',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:app:render',
          name: 'Render the app',
          input: {
            name: 'inventory',
            owner: 'group:default/storefront',
            system: 'system:default/storefront',
            cdTool: 'argocd',
            environments: ['staging', 'production'],
            image: 'ghcr.io/acme/inventory:1.0.0',
            port: 8080,
            replicas: { production: 3 },
            repoUrl: 'https://github.com/acme/deployments',
          },
        },
      ],
    }),
  },
  {
    description:
      'A Flux app with an Ingress and a newer tag in staging, rendered into a sub-folder',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:app:render',
          name: 'Render the app',
          input: {
            name: 'ledger',
            owner: 'group:default/payments',
            cdTool: 'flux',
            environments: ['staging', 'production'],
            image: 'ghcr.io/acme/ledger:2.3.0',
            imageTags: { staging: '2.4.0-rc.1' },
            port: 3000,
            ingressHost: 'ledger.example.com',
            repoUrl: 'https://github.com/acme/deployments',
            targetPath: 'gitops',
          },
        },
      ],
    }),
  },
];
