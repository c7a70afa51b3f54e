import { Change } from './historyBuilder';
import { Environment, ENVIRONMENTS } from './environments';
import { overlayKustomization, toYaml, workloadManifests } from './manifests';
import { people } from './people';
import { DEMO_REVERT, revertCommitMessage } from './deliveryScript';

/*
 * storefront-deploy: the storefront team's Argo CD repository. One kustomize
 * base per service and one overlay per environment; each Argo CD
 * Application points at an overlay (apps/<service>/overlays/<env>).
 */

export const STOREFRONT_REPO = 'storefront-deploy.git';
export const STOREFRONT_SERVICES = [
  'inventory',
  'checkout',
  'catalog-search',
] as const;
export type StorefrontService = (typeof STOREFRONT_SERVICES)[number];

interface ServiceModel {
  image: string;
  port: number;
  memory: string;
  cpu: string;
  probes: boolean;
  env: Record<string, string>;
  envs: Record<Environment, { tag: string; replicas: number }>;
}

export type StorefrontModel = Record<StorefrontService, ServiceModel>;

export function storefrontPath(
  service: StorefrontService,
  env: Environment,
): string {
  return `apps/${service}/overlays/${env}`;
}

function initialModel(): StorefrontModel {
  const both = (tag: string, staging: number, production: number) => ({
    staging: { tag, replicas: staging },
    production: { tag, replicas: production },
  });
  return {
    inventory: {
      image: 'ghcr.io/acme-shop/inventory',
      port: 8080,
      memory: '512Mi',
      cpu: '250m',
      probes: false,
      env: {
        JAVA_OPTS: '-XX:MaxRAMPercentage=75',
        WAREHOUSE_SYNC_INTERVAL: '60s',
      },
      envs: both('2.12.3', 1, 2),
    },
    checkout: {
      image: 'ghcr.io/acme-shop/checkout',
      port: 3000,
      memory: '384Mi',
      cpu: '200m',
      probes: true,
      env: {
        NODE_ENV: 'production',
        PAYMENTS_URL: 'http://payments-api.payments',
        THREE_DS_ENABLED: 'false',
      },
      envs: both('3.8.0', 1, 3),
    },
    'catalog-search': {
      image: 'ghcr.io/acme-shop/catalog-search',
      port: 8080,
      memory: '512Mi',
      cpu: '500m',
      probes: true,
      env: { INDEX_SHARDS: '3', QUERY_TIMEOUT: '800ms' },
      envs: both('1.21.0', 1, 2),
    },
  };
}

function render(model: StorefrontModel): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': [
      '# storefront-deploy',
      '',
      'Kubernetes manifests for the storefront services, deployed by Argo CD.',
      '',
      '- `apps/<service>/base`: what every environment runs',
      '- `apps/<service>/overlays/<environment>`: image tag and replicas per environment',
      '- `clusters/<environment>`: Argo CD Applications that the root app `storefront-apps` of that environment applies',
      '',
      'Staging syncs automatically. Production syncs automatically for inventory;',
      'checkout and catalog-search are synced by hand after the release check.',
      '',
    ].join('\n'),
  };
  for (const env of ENVIRONMENTS) {
    // Git keeps no empty folder: the app-of-apps path exists from the start.
    files[`clusters/${env}/README.md`] = [
      `# ${env}`,
      '',
      `Argo CD Application manifests for ${env}. The root app \`storefront-apps\``,
      'applies every manifest in this folder, and prunes those it applied once',
      'they are removed.',
      '',
    ].join('\n');
  }
  for (const service of STOREFRONT_SERVICES) {
    const m = model[service];
    const w = workloadManifests({ name: service, partOf: 'storefront', ...m });
    const base = `apps/${service}/base`;
    files[`${base}/kustomization.yaml`] = toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['deployment.yaml', 'service.yaml', 'configmap.yaml'],
    });
    files[`${base}/deployment.yaml`] = toYaml(w.deployment);
    files[`${base}/service.yaml`] = toYaml(w.service);
    files[`${base}/configmap.yaml`] = toYaml(w.configMap);
    for (const env of ENVIRONMENTS) {
      files[`${storefrontPath(service, env)}/kustomization.yaml`] = toYaml(
        overlayKustomization({
          name: service,
          namespace: service,
          image: m.image,
          ...m.envs[env],
        }),
      );
    }
  }
  return files;
}

/** The scripted history, oldest first. */
function changes(): Array<Change<StorefrontModel>> {
  const { priya, jonas, mei, carlos, aisha, tom, renovate, bot } = people;
  return [
    {
      daysAgo: 31,
      author: priya,
      message:
        'Bootstrap storefront deploy repo with inventory, checkout and catalog-search',
      edit: () => undefined,
    },
    {
      id: 'checkout-cart-ttl',
      daysAgo: 28,
      author: carlos,
      message:
        'checkout: keep carts for 30 minutes\n\nAbandoned carts held stock reservations for a day.',
      edit: m => (m.checkout.env.CART_TTL = '30m'),
    },
    {
      daysAgo: 26.5,
      author: tom,
      message: 'checkout: scale staging to 2 replicas for the load test',
      edit: m => (m.checkout.envs.staging.replicas = 2),
    },
    {
      daysAgo: 24,
      author: tom,
      message: 'checkout: back to 1 replica in staging after the load test',
      edit: m => (m.checkout.envs.staging.replicas = 1),
    },
    {
      daysAgo: 22,
      author: jonas,
      message: 'inventory: add readiness and liveness probes',
      edit: m => (m.inventory.probes = true),
      pullRequest: { number: 3, branch: 'inventory-probes', mergedBy: priya },
    },
    {
      id: 'checkout-3.8.1',
      daysAgo: 20,
      author: renovate,
      message:
        'chore(deps): update ghcr.io/acme-shop/checkout docker tag to v3.8.1',
      edit: m => {
        m.checkout.envs.staging.tag = '3.8.1';
        m.checkout.envs.production.tag = '3.8.1';
      },
      pullRequest: {
        number: 5,
        branch: 'renovate/checkout-3.x',
        mergedBy: mei,
      },
    },
    {
      id: 'catalog-search-768Mi',
      daysAgo: 18,
      author: mei,
      message:
        'catalog-search: raise memory limit to 768Mi\n\nThe new synonym index no longer fits in 512Mi during reindexing.',
      edit: m => (m['catalog-search'].memory = '768Mi'),
      pullRequest: { number: 7, branch: 'search-memory', mergedBy: carlos },
    },
    {
      id: DEMO_REVERT.revertedChange,
      daysAgo: 16,
      author: mei,
      message: 'checkout: release 3.9.0-rc.1 to staging',
      edit: m => (m.checkout.envs.staging.tag = '3.9.0-rc.1'),
    },
    {
      // What GitOps Console's "Revert this commit" commits (the demo's
      // ledger holds the action record, packages/demo-cluster/README.md).
      id: DEMO_REVERT.revertChange,
      daysAgo: 16 - DEMO_REVERT.minutesAfter / (24 * 60),
      author: bot,
      message: shaOf =>
        revertCommitMessage(
          shaOf(DEMO_REVERT.revertedChange),
          'checkout: release 3.9.0-rc.1 to staging',
        ),
      edit: m => (m.checkout.envs.staging.tag = '3.8.1'),
    },
    {
      id: 'inventory-staging-2.13.0',
      daysAgo: 15,
      author: jonas,
      message: 'inventory: release 2.13.0 to staging',
      edit: m => (m.inventory.envs.staging.tag = '2.13.0'),
    },
    {
      daysAgo: 14,
      author: jonas,
      message: 'inventory: release 2.13.0 to production',
      edit: m => (m.inventory.envs.production.tag = '2.13.0'),
    },
    {
      id: 'checkout-production-3.8.2',
      daysAgo: 13.5,
      author: carlos,
      message: 'checkout: release 3.8.2 to production',
      edit: m => (m.checkout.envs.production.tag = '3.8.2'),
      pullRequest: { number: 10, branch: 'checkout-3.8.2', mergedBy: mei },
    },
    {
      // GitHub's "Revert" button on #10: production was rolled back in
      // Argo CD already; this brings Git in line with what runs.
      id: 'checkout-production-3.8.2-revert',
      daysAgo: 13.5 - 4 / 24,
      author: mei,
      message:
        'Revert "checkout: release 3.8.2 to production"\n\nReverts acme-shop/storefront-deploy#10',
      edit: m => (m.checkout.envs.production.tag = '3.8.1'),
      pullRequest: {
        number: 11,
        branch: 'revert-10-checkout-3.8.2',
        mergedBy: carlos,
      },
    },
    {
      daysAgo: 12,
      author: carlos,
      message: 'checkout: enable 3-D Secure flow behind a feature flag',
      edit: m => (m.checkout.env.THREE_DS_ENABLED = 'true'),
      pullRequest: { number: 9, branch: 'checkout-3ds', mergedBy: mei },
    },
    {
      daysAgo: 10,
      author: mei,
      message: 'checkout: release 3.9.0 to staging',
      edit: m => (m.checkout.envs.staging.tag = '3.9.0'),
    },
    {
      id: 'checkout-production-3.9.0',
      daysAgo: 9,
      author: mei,
      message: 'checkout: release 3.9.0 to production',
      edit: m => (m.checkout.envs.production.tag = '3.9.0'),
    },
    {
      daysAgo: 7.5,
      author: mei,
      message: 'checkout: release 3.9.1 to staging',
      edit: m => (m.checkout.envs.staging.tag = '3.9.1'),
    },
    {
      id: 'catalog-search-500ms-timeout',
      daysAgo: 7,
      author: carlos,
      message:
        'catalog-search: lower query timeout to 500ms\n\nSlow shards now fail fast and the page renders partial results.',
      edit: m => (m['catalog-search'].env.QUERY_TIMEOUT = '500ms'),
      pullRequest: { number: 12, branch: 'search-timeouts', mergedBy: priya },
    },
    {
      id: 'inventory-staging-2.14.0',
      daysAgo: 5,
      author: aisha,
      message: 'inventory: release 2.14.0 to staging',
      edit: m => (m.inventory.envs.staging.tag = '2.14.0'),
    },
    {
      id: 'inventory-production-2.14.0',
      daysAgo: 4,
      author: aisha,
      message: 'inventory: release 2.14.0 to production',
      edit: m => (m.inventory.envs.production.tag = '2.14.0'),
    },
    {
      daysAgo: 3,
      author: carlos,
      message: 'checkout: release 3.10.0 to staging and production',
      edit: m => {
        m.checkout.envs.staging.tag = '3.10.0';
        m.checkout.envs.production.tag = '3.10.0';
      },
      pullRequest: { number: 14, branch: 'checkout-3.10', mergedBy: mei },
    },
    {
      daysAgo: 2,
      author: renovate,
      message:
        'fix(deps): update ghcr.io/acme-shop/checkout docker tag to v3.10.1',
      edit: m => {
        m.checkout.envs.staging.tag = '3.10.1';
        m.checkout.envs.production.tag = '3.10.1';
      },
      pullRequest: {
        number: 15,
        branch: 'renovate/checkout-3.x',
        mergedBy: carlos,
      },
    },
    {
      daysAgo: 1.2,
      author: mei,
      message: 'checkout: scale production to 4 replicas for the weekend sale',
      edit: m => (m.checkout.envs.production.replicas = 4),
    },
    {
      daysAgo: 0.15,
      author: priya,
      message: 'inventory: scale staging to 2 replicas for load tests',
      edit: m => (m.inventory.envs.staging.replicas = 2),
    },
  ];
}

export const storefrontRepo = {
  name: STOREFRONT_REPO,
  initialModel,
  render,
  changes,
};
