import { Change } from './historyBuilder';
import { Environment, ENVIRONMENTS } from './environments';
import { overlayKustomization, toYaml, workloadManifests } from './manifests';
import { people } from './people';

/*
 * acme-shop/reviews-deploy: the repository of the reviews service, an Argo
 * CD app of the storefront team. Unlike the other demo repositories it is
 * read through the GitHub-compatible API (packages/testkit's facade, see
 * src/github), so its commits carry CI states: production runs a release
 * whose CI failed (it is in the history), and the two commits waiting for a
 * production sync are one whose CI failed and one whose CI still runs.
 */

/** "owner/name", as the GitHub API names it. */
export const REVIEWS_GITHUB_REPO = 'acme-shop/reviews-deploy';
/** The bare repository under the demo's Git root. */
export const REVIEWS_REPO = `${REVIEWS_GITHUB_REPO}.git`;

export function reviewsPath(env: Environment): string {
  return `apps/reviews/overlays/${env}`;
}

/** What CI reported for a commit (see github/ciScript.ts). */
export type ReviewsCi = 'passed' | 'tests-failed' | 'scan-failed' | 'running';

export interface ReviewsModel {
  moderation: boolean;
  envs: Record<Environment, { tag: string; replicas: number }>;
}

function initialModel(): ReviewsModel {
  return {
    moderation: false,
    envs: {
      staging: { tag: '1.9.0', replicas: 1 },
      production: { tag: '1.9.0', replicas: 2 },
    },
  };
}

const IMAGE = 'ghcr.io/acme-shop/reviews';

function render(model: ReviewsModel): Record<string, string> {
  const w = workloadManifests({
    name: 'reviews',
    partOf: 'storefront',
    image: IMAGE,
    port: 8080,
    memory: '256Mi',
    cpu: '100m',
    probes: true,
    env: {
      RATINGS_CACHE_TTL: '300s',
      ...(model.moderation ? { MODERATION_QUEUE: 'reviews-moderation' } : {}),
    },
  });
  const base = 'apps/reviews/base';
  const files: Record<string, string> = {
    'README.md': [
      '# reviews-deploy',
      '',
      'Kubernetes manifests for the reviews service, deployed by Argo CD.',
      'GitHub Actions checks every commit; production is synced by hand once',
      'a release passed them.',
      '',
    ].join('\n'),
    [`${base}/kustomization.yaml`]: toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['deployment.yaml', 'service.yaml', 'configmap.yaml'],
    }),
    [`${base}/deployment.yaml`]: toYaml(w.deployment),
    [`${base}/service.yaml`]: toYaml(w.service),
    [`${base}/configmap.yaml`]: toYaml(w.configMap),
  };
  for (const env of ENVIRONMENTS) {
    files[`${reviewsPath(env)}/kustomization.yaml`] = toYaml(
      overlayKustomization({
        name: 'reviews',
        namespace: 'reviews',
        image: IMAGE,
        ...model.envs[env],
      }),
    );
  }
  return files;
}

type ReviewsChange = Change<ReviewsModel> & { id: string; ci: ReviewsCi };

/** The scripted history, oldest first; every change has an id and a CI result. */
function changes(): ReviewsChange[] {
  const { priya, jonas, mei, renovate } = people;
  const release = (env: Environment, tag: string) => (m: ReviewsModel) => {
    m.envs[env].tag = tag;
  };
  return [
    {
      id: 'reviews-bootstrap',
      ci: 'passed',
      daysAgo: 27,
      author: priya,
      message: 'reviews: base and overlays for staging and production',
      edit: () => undefined,
    },
    {
      id: 'reviews-2.0.0-staging',
      ci: 'passed',
      daysAgo: 24,
      author: jonas,
      message: 'reviews: release 2.0.0 to staging',
      edit: release('staging', '2.0.0'),
    },
    {
      id: 'reviews-2.0.0-production',
      ci: 'passed',
      daysAgo: 22,
      author: jonas,
      message: 'reviews: release 2.0.0 to production',
      edit: release('production', '2.0.0'),
    },
    {
      id: 'reviews-moderation-queue',
      ci: 'passed',
      daysAgo: 18,
      author: mei,
      message: 'reviews: send new reviews through the moderation queue',
      edit: m => (m.moderation = true),
    },
    {
      id: 'reviews-2.1.0-staging',
      ci: 'passed',
      daysAgo: 14,
      author: renovate,
      message:
        'chore(deps): update ghcr.io/acme-shop/reviews docker tag to v2.1.0',
      edit: release('staging', '2.1.0'),
    },
    {
      // Synced to production although a flaky end-to-end test had failed.
      id: 'reviews-2.1.0-production',
      ci: 'tests-failed',
      daysAgo: 12,
      author: jonas,
      message: 'reviews: release 2.1.0 to production',
      edit: release('production', '2.1.0'),
    },
    {
      id: 'reviews-2.1.1-hotfix',
      ci: 'passed',
      daysAgo: 9,
      author: priya,
      message: 'reviews: hotfix 2.1.1 (star ratings rounded down) everywhere',
      edit: m => {
        release('staging', '2.1.1')(m);
        release('production', '2.1.1')(m);
      },
    },
    {
      id: 'reviews-2.2.0-staging',
      ci: 'passed',
      daysAgo: 5,
      author: jonas,
      message: 'reviews: release 2.2.0 to staging',
      edit: release('staging', '2.2.0'),
    },
    {
      // Waits for a production sync; the image scan found a vulnerable library.
      id: 'reviews-2.2.0-production',
      ci: 'scan-failed',
      daysAgo: 3,
      author: jonas,
      message: 'reviews: release 2.2.0 to production',
      edit: release('production', '2.2.0'),
    },
    {
      // The newest commit; its checks still run.
      id: 'reviews-production-replicas',
      ci: 'running',
      daysAgo: 0.05,
      author: mei,
      message: 'reviews: three replicas in production for the sale',
      edit: m => (m.envs.production.replicas = 3),
    },
  ];
}

/** Change id → what CI reported for the commit it became. */
export function reviewsCiScript(): Map<string, ReviewsCi> {
  return new Map(changes().map(c => [c.id, c.ci]));
}

export const reviewsRepo = {
  name: REVIEWS_REPO,
  initialModel,
  render,
  changes,
};
