import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render an app, publish it to the GitOps repository and register its entity',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:app:render',
          name: 'Render the app',
          input: {
            name: 'inventory',
            owner: 'group:default/storefront',
            cdTool: 'argocd',
            image: 'ghcr.io/acme/inventory:1.0.0',
            port: 8080,
            repoUrl: 'https://github.com/acme/deployments',
          },
        },
        {
          id: 'publish',
          action: 'gitops:app:publish',
          name: 'Publish to the GitOps repository',
          input: {
            appPath: '${{ steps.render.output.appPath }}',
            repoUrl: '${{ steps.render.output.repoUrl }}',
            title: 'Add inventory',
          },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register the entity',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
            optional: true,
          },
        },
      ],
    }),
  },
];
