import type { ExternalRenderInput } from '../model/deployment';
import { memoryTree, yaml } from './__testUtils__/memoryTree';
import { resolveRenderInputs } from './resolveRenderInputs';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\n';

interface Case {
  files: Record<string, string>;
  path: string;
  helmValueFiles?: string[];
  maxFiles?: number;
  paths: string[];
  external?: Array<Partial<ExternalRenderInput>>;
}

const cases: Array<[string, Case]> = [
  [
    'a folder of plain manifests is its own only input',
    {
      files: { 'apps/web/deploy.yaml': deployment },
      path: 'apps/web',
      paths: ['apps/web'],
    },
  ],
  [
    'an overlay with ../base lists the base',
    {
      files: {
        'apps/checkout/base/kustomization.yaml': yaml(
          'resources:',
          '- deploy.yaml',
        ),
        'apps/checkout/base/deploy.yaml': deployment,
        'apps/checkout/overlays/production/kustomization.yaml': yaml(
          'resources:',
          '- ../../base',
        ),
      },
      path: 'apps/checkout/overlays/production',
      paths: ['apps/checkout/overlays/production', 'apps/checkout/base'],
    },
  ],
  [
    'bases are followed transitively, with the deprecated `bases` field',
    {
      files: {
        'overlays/prod/kustomization.yml': yaml('bases:', '- ../staging'),
        'overlays/staging/kustomization.yaml': yaml(
          'resources:',
          '- ../../base',
        ),
        'base/Kustomization': yaml('resources:', '- ../shared/config.yaml'),
        'shared/config.yaml': deployment,
      },
      path: 'overlays/prod',
      paths: [
        'overlays/prod',
        'overlays/staging',
        'base',
        'shared/config.yaml',
      ],
    },
  ],
  [
    'paths are normalised: ./, trailing slashes, dot segments',
    {
      files: {
        'apps/a/kustomization.yaml': yaml(
          'resources:',
          '- ./../common/./base/',
          '- ./deploy.yaml',
        ),
        'apps/common/base/kustomization.yaml': yaml(''),
      },
      path: '/apps/a/',
      paths: ['apps/a', 'apps/common/base'],
    },
  ],
  [
    'components, crds, patches, replacements, openapi and configurations',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'components:',
          '- ../components/tls',
          'crds:',
          '- ../crds/widget.yaml',
          'patches:',
          '- path: ../patches/replicas.yaml',
          '- patch: |-',
          '    - op: replace',
          '      path: /spec/replicas',
          '      value: 3',
          'patchesStrategicMerge:',
          '- ../patches/memory.yaml',
          '- |-',
          '  apiVersion: apps/v1',
          '  kind: Deployment',
          'patchesJson6902:',
          '- target: {kind: Deployment, name: web}',
          '  path: ../patches/json.yaml',
          'replacements:',
          '- path: ../replacements/image.yaml',
          '- source: {kind: ConfigMap, name: x}',
          'openapi:',
          '  path: ../schema/openapi.json',
          'configurations:',
          '- ../config/name-reference.yaml',
        ),
        'components/tls/kustomization.yaml': yaml(
          'apiVersion: kustomize.config.k8s.io/v1alpha1',
          'kind: Component',
          'resources:',
          '- ../../certs/cert.yaml',
        ),
        'certs/cert.yaml': deployment,
      },
      path: 'app',
      paths: [
        'app',
        'components/tls',
        'crds/widget.yaml',
        'config/name-reference.yaml',
        'patches/memory.yaml',
        'patches/replicas.yaml',
        'patches/json.yaml',
        'replacements/image.yaml',
        'schema/openapi.json',
        'certs/cert.yaml',
      ],
    },
  ],
  [
    'generator files, key=path files, envs and env',
    {
      files: {
        'svc/kustomization.yaml': yaml(
          'configMapGenerator:',
          '- name: settings',
          '  files:',
          '  - ../config/app.properties',
          '  - nginx.conf=../config/nginx.conf',
          '  envs:',
          '  - ../config/common.env',
          '  literals:',
          '  - A=B',
          'secretGenerator:',
          '- name: creds',
          '  env: ../secrets/creds.env',
        ),
      },
      path: 'svc',
      paths: [
        'svc',
        'config/app.properties',
        'config/nginx.conf',
        'config/common.env',
        'secrets/creds.env',
      ],
    },
  ],
  [
    'helmCharts values files and chart home; a remote chart repository is external',
    {
      files: {
        'charts-app/kustomization.yaml': yaml(
          'helmGlobals:',
          '  chartHome: ../vendor/charts',
          'helmCharts:',
          '- name: redis',
          '  version: 17.0.0',
          '  repo: https://robot:hunter2@charts.example.com/stable?token=abc',
          '  valuesFile: ../values/redis.yaml',
          '  additionalValuesFiles:',
          '  - ../values/redis-prod.yaml',
        ),
        'vendor/charts/redis/Chart.yaml': 'name: redis\n',
      },
      path: 'charts-app',
      paths: [
        'charts-app',
        'values/redis.yaml',
        'values/redis-prod.yaml',
        'vendor/charts',
      ],
      external: [
        {
          reference: 'https://charts.example.com/stable',
          from: 'charts-app/kustomization.yaml',
          reason: 'Helm chart redis 17.0.0 from a remote repository',
        },
      ],
    },
  ],
  [
    'the default chart home is listed only when it exists',
    {
      files: {
        'a/kustomization.yaml': yaml(
          'helmCharts:',
          '- name: local',
          '  valuesFile: v.yaml',
        ),
        'b/kustomization.yaml': yaml(
          'resources:',
          '- ../a',
          'helmCharts:',
          '- name: x',
        ),
        'b/charts/x/Chart.yaml': 'name: x\n',
      },
      path: 'b',
      paths: ['b', 'a'],
    },
  ],
  [
    'generators, transformers and validators: files and kustomization folders; inline entries skipped',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'generators:',
          '- ../gen/secrets.yaml',
          'transformers:',
          '- ../transformers',
          '- |-',
          '  apiVersion: builtin',
          '  kind: LabelTransformer',
          'validators:',
          '- ../validate/policy.yaml',
        ),
        'transformers/kustomization.yaml': yaml(
          'resources:',
          '- ../labels/labels.yaml',
        ),
      },
      path: 'app',
      paths: [
        'app',
        'gen/secrets.yaml',
        'transformers',
        'validate/policy.yaml',
        'labels/labels.yaml',
      ],
    },
  ],
  [
    'remote bases are external, with credentials removed, never followed',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'resources:',
          '- https://alice:s3cret@github.com/acme/base//deploy?ref=v1.2.0&token=t0k',
          '- git@github.com:acme/base.git//deploy?ref=main',
          '- github.com/acme/other/deploy?ref=v2',
          '- gitlab.com/acme/infra/base',
          '- ssh://git@example.com/acme/base.git',
          '- oci://registry.example.com/manifests/app:1.0',
          '- /etc/kustomize/base',
        ),
      },
      path: 'app',
      paths: ['app'],
      external: [
        {
          reference: 'https://github.com/acme/base//deploy?ref=v1.2.0',
          reason: 'a remote reference outside the repository',
        },
        {
          reference: 'git@github.com:acme/base.git//deploy?ref=main',
          reason: 'a remote Git repository',
        },
        {
          reference: 'github.com/acme/other/deploy?ref=v2',
          reason: 'a remote Git repository',
        },
        {
          reference: 'gitlab.com/acme/infra/base',
          reason: 'a remote Git repository',
        },
        {
          reference: 'ssh://example.com/acme/base.git',
          reason: 'a remote reference outside the repository',
        },
        {
          reference: 'oci://registry.example.com/manifests/app:1.0',
          reason: 'an OCI artifact outside the repository',
        },
        { reference: '/etc/kustomize/base', reason: 'an absolute path' },
      ].map(e => ({ ...e, from: 'app/kustomization.yaml' })),
    },
  ],
  [
    'a host-like folder that exists in the repository is local',
    {
      files: {
        'app/kustomization.yaml': yaml('resources:', '- example.com/team/base'),
        'app/example.com/team/base/kustomization.yaml': yaml(''),
      },
      path: 'app',
      paths: ['app'],
    },
  ],
  [
    'a reference that leaves the repository root is external',
    {
      files: {
        'apps/x/kustomization.yaml': yaml(
          'resources:',
          '- ../../../outside',
          '- ../y',
        ),
        'apps/y/kustomization.yaml': yaml('resources:', '- ../../..'),
      },
      path: 'apps/x',
      paths: ['apps/x', 'apps/y'],
      external: [
        {
          reference: '../../../outside',
          from: 'apps/x/kustomization.yaml',
          reason: 'it leaves the repository',
        },
        {
          reference: '../../..',
          from: 'apps/y/kustomization.yaml',
          reason: 'it leaves the repository',
        },
      ],
    },
  ],
  [
    'cycles end: each folder is read once',
    {
      files: {
        'a/kustomization.yaml': yaml('resources:', '- ../b'),
        'b/kustomization.yaml': yaml('resources:', '- ../c'),
        'c/kustomization.yaml': yaml('resources:', '- ../a', '- .'),
      },
      path: 'a',
      paths: ['a', 'b', 'c'],
    },
  ],
  [
    'malformed YAML is an unreadable input with the parser message, not an error',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'resources:',
          '- ../base',
          '- [unclosed',
        ),
        'base/kustomization.yaml': yaml('resources: deploy.yaml'),
      },
      path: 'app',
      paths: ['app'],
      external: [
        {
          reference: 'app/kustomization.yaml',
          from: 'app/kustomization.yaml',
          reason: expect.stringMatching(
            /^unreadable kustomization file: .+ \(line \d+, column \d+\)$/,
          ),
        },
      ],
    },
  ],
  [
    'a field of the wrong shape is reported and the rest still followed',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'resources: deploy.yaml',
          'components:',
          '- ../c',
        ),
        'c/kustomization.yaml': yaml('kind: Component'),
        'other/kustomization.yaml': yaml('- a list'),
      },
      path: 'app',
      paths: ['app', 'c'],
      external: [
        {
          reference: 'app/kustomization.yaml',
          reason: 'unreadable kustomization file: `resources` is not a list',
        },
      ],
    },
  ],
  [
    'a kustomization file that is not a mapping is unreadable',
    {
      files: { 'app/kustomization.yaml': yaml('- a list') },
      path: 'app',
      paths: ['app'],
      external: [
        { reason: 'unreadable kustomization file: it is not a YAML mapping' },
      ],
    },
  ],
  [
    'the repository root covers every local input; externals are still listed',
    {
      files: {
        'kustomization.yaml': yaml(
          'resources:',
          '- apps/web',
          '- ../elsewhere',
          '- https://example.com/remote.yaml',
        ),
        'apps/web/kustomization.yaml': yaml('resources:', '- ../../..'),
      },
      path: '',
      paths: [''],
      external: [
        { reference: '../elsewhere', from: 'kustomization.yaml' },
        {
          reference: 'https://example.com/remote.yaml',
          from: 'kustomization.yaml',
        },
        { reference: '../../..', from: 'apps/web/kustomization.yaml' },
      ],
    },
  ],
  [
    'entries under a listed folder are dropped, and a folder replaces the files under it',
    {
      files: {
        'app/kustomization.yaml': yaml(
          'resources:',
          '- deploy.yaml',
          '- ../shared/a.yaml',
          '- ../shared',
          '- ../shared/b.yaml',
          '- ../shared',
        ),
        'shared/kustomization.yaml': yaml('resources:', '- a.yaml'),
      },
      path: 'app',
      paths: ['app', 'shared'],
    },
  ],
  [
    'a base that covers the deployment path leaves the path first',
    {
      files: {
        'apps/web/prod/kustomization.yaml': yaml('resources:', '- ..'),
        'apps/web/kustomization.yaml': yaml(''),
      },
      path: 'apps/web/prod',
      paths: ['apps/web/prod', 'apps/web'],
    },
  ],
  [
    'Argo CD value files relative to the path, from the root, and remote',
    {
      files: { 'charts/web/Chart.yaml': 'name: web\n' },
      path: 'charts/web',
      helmValueFiles: [
        'values-prod.yaml',
        '../../env/prod/values.yaml',
        '/env/common.yaml',
        '$values/ignored-here.yaml',
        '../../../outside.yaml',
        'https://user:pw@example.com/values.yaml',
      ],
      paths: ['charts/web', 'env/prod/values.yaml', 'env/common.yaml'],
      external: [
        {
          reference: '../../../outside.yaml',
          from: 'spec.source.helm.valueFiles',
          reason: 'it leaves the repository',
        },
        {
          reference: 'https://example.com/values.yaml',
          from: 'spec.source.helm.valueFiles',
          reason: 'a remote value file',
        },
      ],
    },
  ],
  [
    'past maxFiles, folders are listed as not followed',
    {
      files: {
        'a/kustomization.yaml': yaml('resources:', '- ../b'),
        'b/kustomization.yaml': yaml('resources:', '- ../c'),
        'c/kustomization.yaml': yaml('resources:', '- ../d'),
        'd/kustomization.yaml': yaml(''),
      },
      path: 'a',
      maxFiles: 2,
      paths: ['a', 'b', 'c'],
      external: [
        {
          reference: 'c',
          from: 'b/kustomization.yaml',
          reason: 'not followed: more than 2 kustomization files',
        },
      ],
    },
  ],
  [
    'a deployment path that does not exist, or leaves the repository',
    {
      files: {},
      path: 'apps/gone',
      paths: ['apps/gone'],
    },
  ],
  [
    'a deployment path above the root has no local inputs',
    {
      files: {},
      path: '../x',
      paths: [],
      external: [
        {
          reference: '../x',
          reason: 'the deployment path leaves the repository',
        },
      ],
    },
  ],
];

describe('resolveRenderInputs', () => {
  it.each(cases)('%s', async (_name, c) => {
    const result = await resolveRenderInputs({
      path: c.path,
      reader: memoryTree(c.files),
      helmValueFiles: c.helmValueFiles,
      maxFiles: c.maxFiles,
    });
    expect(result.paths).toEqual(c.paths);
    expect(result.external).toEqual(
      (c.external ?? []).map(e => expect.objectContaining(e)),
    );
  });

  it('bounds the depth of a long chain of bases', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      files[`l${i}/kustomization.yaml`] = yaml('resources:', `- ../l${i + 1}`);
    }
    const result = await resolveRenderInputs({
      path: 'l0',
      reader: memoryTree(files),
    });
    // l33 is listed (l32 names it) but its own references are not read.
    expect(result.paths).toHaveLength(34);
    expect(result.external).toEqual([
      expect.objectContaining({
        reference: 'l33',
        reason: 'not followed: more than 32 levels of kustomization references',
      }),
    ]);
  });

  it('reads each kustomization folder once, even when many refer to it', async () => {
    const files: Record<string, string> = {
      'base/kustomization.yaml': yaml('resources:', '- deploy.yaml'),
      'app/kustomization.yaml': yaml(
        'resources:',
        ...['one', 'two', 'three'].map(n => `- ../${n}`),
      ),
    };
    for (const n of ['one', 'two', 'three']) {
      files[`${n}/kustomization.yaml`] = yaml('resources:', '- ../base');
    }
    const reader = memoryTree(files);
    await resolveRenderInputs({ path: 'app', reader });
    expect(
      reader.reads.filter(r => r === 'base/kustomization.yaml'),
    ).toHaveLength(1);
  });

  it('passes on errors of the reader instead of answering partially', async () => {
    const reader = memoryTree({
      'app/kustomization.yaml': yaml('resources: []'),
    });
    reader.readFile = async () => {
      throw new Error('git cat-file failed');
    };
    await expect(resolveRenderInputs({ path: 'app', reader })).rejects.toThrow(
      'git cat-file failed',
    );
  });

  it('never quotes the file in a YAML error, so secrets in it stay out', async () => {
    const result = await resolveRenderInputs({
      path: 'app',
      reader: memoryTree({
        'app/kustomization.yaml': yaml(
          'secretGenerator:',
          '- name: db',
          '  literals:',
          '  - password=hunter2',
          ' bad: [indent',
        ),
      }),
    });
    expect(result.external).toHaveLength(1);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
