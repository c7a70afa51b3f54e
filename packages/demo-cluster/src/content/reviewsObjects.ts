import { KubeObject } from '../store/kubeObject';
import { ApplicationSeed } from '../controllers/argo/applicationController';
import { Environment } from './environments';
import { REVIEWS_GITHUB_REPO, reviewsPath } from './reviewsRepo';

/**
 * The URL the reviews Applications name: the repository on the demo's
 * GitHub host (the facade's host, which app-config.yaml declares as an
 * `integrations.github` host), so the backend reads it through the GitHub
 * API. The simulated Argo CD reads the same bare repository from disk.
 */
export function reviewsRepoUrl(githubUrl: string): string {
  return `${githubUrl}/${REVIEWS_GITHUB_REPO}.git`;
}

/**
 * reviews-<env> (catalog: `argocd/app-name`): staging syncs automatically;
 * production is synced by hand, two commits behind.
 */
export function reviewsApplication(
  githubUrl: string,
  env: Environment,
): {
  object: KubeObject;
  seed: Omit<ApplicationSeed, 'deployedRevision'> & { deployed: string };
} {
  const production = env === 'production';
  return {
    object: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: `reviews-${env}`,
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/name': 'reviews',
          environment: env,
          team: 'storefront',
        },
      },
      spec: {
        project: 'storefront',
        source: {
          repoURL: reviewsRepoUrl(githubUrl),
          path: reviewsPath(env),
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'reviews',
        },
        syncPolicy: {
          ...(production ? {} : { automated: { prune: true, selfHeal: true } }),
          syncOptions: ['CreateNamespace=true'],
        },
      },
    },
    seed: production
      ? {
          initiatedBy: { username: 'priya.raman' },
          deployed: 'reviews-2.1.1-hotfix',
        }
      : { initiatedBy: { automated: true }, deployed: 'head' },
  };
}
