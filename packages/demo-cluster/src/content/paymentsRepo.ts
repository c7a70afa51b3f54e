import { Change } from './historyBuilder';
import { Environment, ENVIRONMENTS } from './environments';
import { overlayKustomization, toYaml, workloadManifests } from './manifests';
import { people } from './people';

/*
 * payments-fleet: the payments team's Flux repository. payments-api is a
 * kustomize app (one Flux Kustomization per environment, path
 * apps/payments-api/<env>); notifications is a Helm chart kept in the same
 * repository (charts/notifications) and released by a HelmRelease.
 */

export const PAYMENTS_REPO = 'payments-fleet.git';
export const NOTIFICATIONS_CHART_PATH = 'charts/notifications';

export function paymentsApiPath(env: Environment): string {
  return `apps/payments-api/${env}`;
}

export interface PaymentsModel {
  api: {
    pdb: boolean;
    poolSize: Record<Environment, number>;
    envs: Record<Environment, { tag: string; replicas: number }>;
  };
  chart: {
    version: string;
    appVersion: string;
    migrationJob: boolean;
    smsSender: boolean;
  };
  suspended: Record<Environment, boolean>;
}

function initialModel(): PaymentsModel {
  return {
    api: {
      pdb: false,
      poolSize: { staging: 10, production: 10 },
      envs: {
        staging: { tag: '5.1.4', replicas: 1 },
        production: { tag: '5.1.4', replicas: 3 },
      },
    },
    chart: {
      version: '1.4.0',
      appVersion: '0.9.2',
      migrationJob: false,
      smsSender: false,
    },
    suspended: { staging: false, production: false },
  };
}

function chartFiles(chart: PaymentsModel['chart']): Record<string, string> {
  const dir = NOTIFICATIONS_CHART_PATH;
  const files: Record<string, string> = {
    [`${dir}/Chart.yaml`]: toYaml({
      apiVersion: 'v2',
      name: 'notifications',
      description: 'E-mail and SMS receipts for orders and payments',
      type: 'application',
      version: chart.version,
      appVersion: chart.appVersion,
    }),
    [`${dir}/values.yaml`]: toYaml({
      image: {
        repository: 'ghcr.io/acme-shop/notifications',
        tag: chart.appVersion,
      },
      replicaCount: 1,
      smtp: { host: 'smtp.mail.svc', port: 587 },
      ...(chart.smsSender ? { sms: { senderId: 'ACMESHOP' } } : {}),
    }),
    [`${dir}/templates/deployment.yaml`]: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  selector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: notifications',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app.kubernetes.io/name: notifications',
      '    spec:',
      '      containers:',
      '        - name: notifications',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '',
    ].join('\n'),
  };
  if (chart.migrationJob) {
    files[`${dir}/templates/migration-job.yaml`] = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: {{ .Release.Name }}-db-migrate',
      '  annotations:',
      '    helm.sh/hook: pre-upgrade',
      'spec:',
      '  backoffLimit: 2',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '        - name: migrate',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '          args: ["migrate", "--batch-receipts"]',
      '',
    ].join('\n');
  }
  return files;
}

function render(model: PaymentsModel): Record<string, string> {
  const w = workloadManifests({
    name: 'payments-api',
    partOf: 'payments',
    image: 'ghcr.io/acme-shop/payments-api',
    port: 8443,
    memory: '768Mi',
    cpu: '500m',
    probes: true,
    env: { CARD_NETWORK_TIMEOUT: '4s' },
  });
  const files: Record<string, string> = {
    'README.md': [
      '# payments-fleet',
      '',
      'Flux configuration for the payments team.',
      '',
      '- `clusters/<environment>`: the Flux objects each cluster runs',
      '- `apps/payments-api`: kustomize base and one overlay per environment',
      '- `charts/notifications`: the notifications Helm chart',
      '',
    ].join('\n'),
    'apps/payments-api/base/kustomization.yaml': toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [
        'deployment.yaml',
        'service.yaml',
        'configmap.yaml',
        ...(model.api.pdb ? ['pdb.yaml'] : []),
      ],
    }),
    'apps/payments-api/base/deployment.yaml': toYaml(w.deployment),
    'apps/payments-api/base/service.yaml': toYaml(w.service),
    'apps/payments-api/base/configmap.yaml': toYaml(w.configMap),
    ...chartFiles(model.chart),
  };
  if (model.api.pdb) {
    files['apps/payments-api/base/pdb.yaml'] = toYaml({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'payments-api' },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
      },
    });
  }
  for (const env of ENVIRONMENTS) {
    files[`${paymentsApiPath(env)}/kustomization.yaml`] = toYaml({
      ...overlayKustomization(
        {
          name: 'payments-api',
          namespace: 'payments',
          image: 'ghcr.io/acme-shop/payments-api',
          ...model.api.envs[env],
        },
        '../base',
      ),
      configMapGenerator: [
        {
          name: 'payments-api-config',
          behavior: 'merge',
          literals: [`DB_POOL_SIZE=${model.api.poolSize[env]}`],
        },
      ],
    });
    files[`clusters/${env}/payments-api.yaml`] = toYaml({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'payments-api', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: `./${paymentsApiPath(env)}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'payments-fleet' },
        targetNamespace: 'payments',
        ...(model.suspended[env] ? { suspend: true } : {}),
      },
    });
    files[`clusters/${env}/notifications.yaml`] = toYaml({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'notifications', namespace: 'notifications' },
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
        values: { replicaCount: env === 'production' ? 2 : 1 },
      },
    });
  }
  return files;
}

function changes(): Array<Change<PaymentsModel>> {
  const { tom, aisha, renovate, mei } = people;
  return [
    {
      daysAgo: 26,
      author: tom,
      message: 'Bootstrap Flux layout for payments-api and notifications',
      edit: () => undefined,
    },
    {
      daysAgo: 23,
      author: aisha,
      message: 'payments-api: add a PodDisruptionBudget',
      edit: m => (m.api.pdb = true),
      pullRequest: { number: 2, branch: 'payments-api-pdb', mergedBy: tom },
    },
    {
      daysAgo: 20,
      author: tom,
      message: 'notifications: chart 1.4.1, retry SMTP on transient errors',
      edit: m => {
        m.chart.version = '1.4.1';
        m.chart.appVersion = '0.9.3';
      },
    },
    {
      daysAgo: 17,
      author: renovate,
      message:
        'chore(deps): update ghcr.io/acme-shop/payments-api docker tag to v5.2.0',
      edit: m => (m.api.envs.staging.tag = '5.2.0'),
      pullRequest: {
        number: 4,
        branch: 'renovate/payments-api-5.x',
        mergedBy: aisha,
      },
    },
    {
      daysAgo: 15,
      author: aisha,
      message: 'payments-api: release 5.2.0 to production',
      edit: m => (m.api.envs.production.tag = '5.2.0'),
    },
    {
      daysAgo: 11,
      author: tom,
      message: 'notifications: chart 1.4.2, configurable SMS sender id',
      edit: m => {
        m.chart.version = '1.4.2';
        m.chart.smsSender = true;
      },
    },
    {
      id: 'payments-api-pool-sizing',
      daysAgo: 8,
      author: aisha,
      message: 'payments-api: size the DB pool for card network latency',
      edit: m => {
        m.api.poolSize.staging = 20;
        m.api.poolSize.production = 40;
      },
      pullRequest: { number: 6, branch: 'pool-sizing', mergedBy: tom },
    },
    {
      id: 'payments-api-production-freeze',
      daysAgo: 6,
      author: tom,
      message:
        'Freeze payments-api in production for the quarter close\n\nResume after finance signs off the ledger export.',
      edit: m => (m.suspended.production = true),
    },
    {
      daysAgo: 5,
      author: aisha,
      message: 'payments-api: release 5.3.0 to staging',
      edit: m => (m.api.envs.staging.tag = '5.3.0'),
      pullRequest: { number: 8, branch: 'payments-api-5.3', mergedBy: mei },
    },
    {
      daysAgo: 4,
      author: aisha,
      message: 'payments-api: release 5.3.0 to production',
      edit: m => (m.api.envs.production.tag = '5.3.0'),
    },
    {
      daysAgo: 2,
      author: tom,
      message:
        'notifications: chart 1.5.0, batch receipts with a migration job',
      edit: m => {
        m.chart.version = '1.5.0';
        m.chart.appVersion = '1.0.0';
        m.chart.migrationJob = true;
      },
      pullRequest: {
        number: 10,
        branch: 'notifications-batching',
        mergedBy: aisha,
      },
    },
  ];
}

export const paymentsRepo = {
  name: PAYMENTS_REPO,
  initialModel,
  render,
  changes,
};
