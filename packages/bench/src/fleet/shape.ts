/*
 * The benchmark fleet as plain data: clusters, services, where each service
 * runs, which repository and path each deployment tracks. Everything else
 * (Git history, custom resources, catalog) is generated from this.
 *
 * At scale 1: 10 clusters, 2,000 services, 6 deployments each (5 Argo CD
 * Applications and 1 Flux Kustomization, on 6 different clusters), so
 * 10,000 Applications and 2,000 Kustomizations, 1,200 per cluster.
 */

export const CLUSTER_COUNT = 10;
export const ARGO_PER_SERVICE = 5;
export const FLUX_PER_SERVICE = 1;

/** One environment per cluster, as in a fleet of dedicated clusters. */
const ENVIRONMENTS = [
  'dev',
  'test',
  'qa',
  'staging',
  'perf',
  'canary',
  'prod-eu',
  'prod-us',
  'prod-ap',
  'dr',
];

const TEAMS = [
  'payments',
  'storefront',
  'search',
  'identity',
  'logistics',
  'platform',
  'data',
  'mobile',
  'ads',
  'support',
  'billing',
  'growth',
];

export interface BenchCluster {
  /** Cluster entry name in both plugins' config. */
  name: string;
  environment: string;
  /** The apiserver namespace that holds this "cluster's" objects. */
  namespace: string;
}

export interface BenchRepository {
  /** "owner/name" on the testkit Git server. */
  fullName: string;
  /** Served through the GitHub facade (integrations.github) instead of plain Git. */
  github: boolean;
}

export interface BenchDeployment {
  tool: 'argo' | 'flux';
  cluster: BenchCluster;
  service: BenchService;
  /** Custom resource name, unique within its cluster. */
  name: string;
  repository: BenchRepository;
  /** Path in the repository, without leading "./". */
  path: string;
}

export interface BenchService {
  index: number;
  /** Catalog entity name and backstage.io/kubernetes-id. */
  name: string;
  team: string;
  system: string;
  deployments: BenchDeployment[];
}

export interface FleetShape {
  scale: number;
  clusters: BenchCluster[];
  repositories: BenchRepository[];
  services: BenchService[];
  deployments: BenchDeployment[];
  /** Commits to generate across the app paths. */
  commitCount: number;
}

export const ARGO_REPOSITORIES: BenchRepository[] = [
  { fullName: 'platform/apps-east', github: false },
  { fullName: 'platform/apps-west', github: false },
  { fullName: 'platform/apps-github', github: true },
];
export const FLUX_REPOSITORY: BenchRepository = {
  fullName: 'platform/flux-fleet',
  github: false,
};

function serviceName(index: number) {
  return `svc-${String(index).padStart(4, '0')}`;
}

/** The fleet for a scale factor (1 = the target size). */
export function fleetShape(scale: number): FleetShape {
  if (!(scale > 0 && scale <= 1)) {
    throw new Error(`--scale must be in (0, 1], got ${scale}`);
  }
  const clusters: BenchCluster[] = ENVIRONMENTS.slice(0, CLUSTER_COUNT).map(
    (environment, i) => ({
      name: `bench-${String(i + 1).padStart(2, '0')}`,
      environment,
      namespace: `cluster-${String(i + 1).padStart(2, '0')}`,
    }),
  );
  const serviceCount = Math.max(1, Math.round(2000 * scale));
  const services: BenchService[] = [];
  const deployments: BenchDeployment[] = [];
  for (let index = 0; index < serviceCount; index++) {
    const team = TEAMS[index % TEAMS.length];
    const service: BenchService = {
      index,
      name: serviceName(index),
      team,
      system: `${team}-${Math.floor(index / TEAMS.length) % 8}`,
      deployments: [],
    };
    // Replica r of service i runs on cluster (i + r) mod 10: six distinct
    // clusters per service, and every cluster gets the same share.
    for (let r = 0; r < ARGO_PER_SERVICE + FLUX_PER_SERVICE; r++) {
      const cluster = clusters[(index + r) % clusters.length];
      const argo = r < ARGO_PER_SERVICE;
      const deployment: BenchDeployment = argo
        ? {
            tool: 'argo',
            cluster,
            service,
            name: `${service.name}-${cluster.environment}`,
            repository: ARGO_REPOSITORIES[index % ARGO_REPOSITORIES.length],
            path: `apps/${service.name}/${cluster.environment}`,
          }
        : {
            tool: 'flux',
            cluster,
            service,
            name: `${service.name}-infra`,
            repository: FLUX_REPOSITORY,
            path: `clusters/${cluster.environment}/${service.name}`,
          };
      service.deployments.push(deployment);
      deployments.push(deployment);
    }
    services.push(service);
  }
  return {
    scale,
    clusters,
    repositories: [...ARGO_REPOSITORIES, FLUX_REPOSITORY],
    services,
    deployments,
    commitCount: Math.max(20, Math.round(5000 * scale)),
  };
}
