import { KubeObject } from '../store/kubeObject';
import { ApplicationSeed } from '../controllers/argo/applicationController';
import { HelmReleaseSeed } from '../controllers/flux/helmReleaseController';
import { Environment } from './environments';
import {
  NOTIFICATIONS_CHART_PATH,
  PAYMENTS_REPO,
  paymentsApiPath,
} from './paymentsRepo';
import { reviewsApplication, reviewsRepoUrl } from './reviewsObjects';
import {
  STOREFRONT_REPO,
  StorefrontService,
  storefrontPath,
} from './storefrontRepo';

/*
 * The custom resources of each demo cluster, named and labelled so that the
 * demo catalog (demo/catalog/services.yaml) finds them through the usual
 * annotations:
 * - inventory:       argocd/app-name inventory-<env> (namespace argocd)
 * - checkout:        argocd/app-selector app.kubernetes.io/part-of=checkout, project storefront
 * - catalog-search:  label backstage.io/kubernetes-id=catalog-search
 * - payments-api:    label backstage.io/kubernetes-id=payments-api (namespace flux-system)
 * - notifications:   label app.kubernetes.io/name=notifications
 * - reviews:         argocd/app-name reviews-<env>, its repository on the demo's GitHub
 */

export interface ClusterScenario {
  applications: Array<{
    object: KubeObject;
    seed: Omit<ApplicationSeed, 'deployedRevision'> & { deployed: string };
  }>;
  gitRepositories: KubeObject[];
  kustomizations: Array<{ object: KubeObject; applied: string }>;
  helmCharts: KubeObject[];
  helmReleases: Array<{ object: KubeObject; seed: HelmReleaseSeed }>;
  appProjects: KubeObject[];
}

/** `head` or a change id from a repository script. */
export type RevisionPick = 'head' | string;

const SERVICE_LABELS: Record<StorefrontService, Record<string, string>> = {
  inventory: { 'app.kubernetes.io/name': 'inventory' },
  checkout: {
    'app.kubernetes.io/name': 'checkout',
    'app.kubernetes.io/part-of': 'checkout',
  },
  'catalog-search': {
    'app.kubernetes.io/name': 'catalog-search',
    'backstage.io/kubernetes-id': 'catalog-search',
  },
};

function application(
  gitUrl: string,
  service: StorefrontService,
  env: Environment,
  automated: boolean,
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${service}-${env}`,
      namespace: 'argocd',
      labels: {
        ...SERVICE_LABELS[service],
        environment: env,
        team: 'storefront',
      },
    },
    spec: {
      project: 'storefront',
      source: {
        repoURL: `${gitUrl}/${STOREFRONT_REPO}`,
        path: storefrontPath(service, env),
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: service,
      },
      syncPolicy: {
        ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

/** Argo CD's name for the app-of-apps Application of each environment. */
export const ROOT_APP = 'storefront-apps';
/** Flux's cluster Kustomization of each environment, named as `flux bootstrap` names it. */
export const ROOT_KUSTOMIZATION = 'flux-system';

/**
 * The app of apps of one environment: it applies the Application manifests
 * under clusters/<env> (where the gitops-app template puts new apps) and
 * prunes those it applied once Git drops them.
 */
function rootApplication(gitUrl: string, env: Environment): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: ROOT_APP, namespace: 'argocd' },
    spec: {
      project: 'storefront',
      source: {
        repoURL: `${gitUrl}/${STOREFRONT_REPO}`,
        path: `clusters/${env}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** The cluster Kustomization of one environment: it applies clusters/<env>. */
function rootKustomization(env: Environment): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: ROOT_KUSTOMIZATION, namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: `./clusters/${env}`,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'payments-fleet' },
    },
  };
}

function appProjects(gitUrl: string, githubUrl: string): KubeObject[] {
  return [
    {
      // Argo CD always has it; the gitops-app template's Applications use it.
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'default', namespace: 'argocd' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'storefront', namespace: 'argocd' },
      spec: {
        description: 'Storefront services',
        sourceRepos: [
          `${gitUrl}/${STOREFRONT_REPO}`,
          reviewsRepoUrl(githubUrl),
        ],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: '*' },
        ],
      },
    },
  ];
}

function gitRepository(gitUrl: string): KubeObject {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'payments-fleet', namespace: 'flux-system' },
    spec: {
      interval: '1m',
      url: `${gitUrl}/${PAYMENTS_REPO}`,
      ref: { branch: 'main' },
    },
  };
}

function kustomization(env: Environment, suspend: boolean): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'payments-api',
      namespace: 'flux-system',
      labels: {
        'backstage.io/kubernetes-id': 'payments-api',
        environment: env,
        team: 'payments',
      },
    },
    spec: {
      interval: '10m',
      path: `./${paymentsApiPath(env)}`,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'payments-fleet' },
      targetNamespace: 'payments',
      ...(suspend ? { suspend: true } : {}),
    },
  };
}

function helmChart(): KubeObject {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: { name: 'notifications-notifications', namespace: 'flux-system' },
    spec: {
      chart: `./${NOTIFICATIONS_CHART_PATH}`,
      sourceRef: { kind: 'GitRepository', name: 'payments-fleet' },
      interval: '10m',
      reconcileStrategy: 'ChartVersion',
      version: '*',
    },
  };
}

function helmRelease(env: Environment): KubeObject {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name: 'notifications',
      namespace: 'notifications',
      labels: {
        'app.kubernetes.io/name': 'notifications',
        environment: env,
        team: 'payments',
      },
    },
    spec: {
      interval: '10m',
      chart: {
        spec: {
          chart: `./${NOTIFICATIONS_CHART_PATH}`,
          sourceRef: {
            kind: 'GitRepository',
            name: 'payments-fleet',
            namespace: 'flux-system',
          },
        },
      },
      upgrade: { remediation: { retries: 3 } },
      values: { replicaCount: env === 'production' ? 2 : 1 },
    },
  };
}

/** The scripted state of one environment's cluster. */
export function clusterScenario(
  gitUrl: string,
  env: Environment,
  /** The demo GitHub's URL (src/github), where reviews' repository is. */
  githubUrl: string,
): ClusterScenario {
  const production = env === 'production';
  const automated = {
    initiatedBy: { automated: true } as const,
    deployed: 'head',
  };
  return {
    appProjects: appProjects(gitUrl, githubUrl),
    applications: [
      { object: rootApplication(gitUrl, env), seed: automated },
      { object: application(gitUrl, 'inventory', env, true), seed: automated },
      production
        ? {
            // Manual sync in production; three releases wait for someone to sync.
            object: application(gitUrl, 'checkout', env, false),
            seed: {
              initiatedBy: { username: 'mei.tanaka' },
              deployed: 'checkout-production-3.9.0',
            },
          }
        : {
            object: application(gitUrl, 'checkout', env, true),
            seed: automated,
          },
      production
        ? {
            // Someone scaled the Deployment and edited the ConfigMap by hand.
            object: application(gitUrl, 'catalog-search', env, false),
            seed: {
              initiatedBy: { username: 'carlos.mendes' },
              deployed: 'catalog-search-500ms-timeout',
              drifted: [
                { kind: 'Deployment', name: 'catalog-search' },
                { kind: 'ConfigMap', name: 'catalog-search-config' },
              ],
            },
          }
        : {
            object: application(gitUrl, 'catalog-search', env, true),
            seed: automated,
          },
      reviewsApplication(githubUrl, env),
    ],
    gitRepositories: [gitRepository(gitUrl)],
    kustomizations: [
      { object: rootKustomization(env), applied: 'head' },
      production
        ? {
            object: kustomization(env, true),
            applied: 'payments-api-pool-sizing',
          }
        : { object: kustomization(env, false), applied: 'head' },
    ],
    helmCharts: [helmChart()],
    helmReleases: [
      {
        object: helmRelease(env),
        seed: production
          ? {
              failWith:
                'pre-upgrade hooks failed: 1 error occurred:\n\t* job notifications-db-migrate failed: BackoffLimitExceeded',
            }
          : {},
      },
    ],
  };
}
