import { argoHelmValueFileInputs } from './argoHelmValueFiles';
import type { ArgoSourceLike } from './types';

const chart: ArgoSourceLike = {
  repoURL: 'https://charts.example.com',
  chart: 'web',
  targetRevision: '1.4.2',
};
const values: ArgoSourceLike = {
  repoURL: 'https://git.example.com/acme/config.git',
  targetRevision: 'main',
  ref: 'values',
};

describe('argoHelmValueFileInputs', () => {
  it.each<
    [string, ArgoSourceLike[], ReturnType<typeof argoHelmValueFileInputs>]
  >([
    [
      '$values/ files belong to the ref source, normalised',
      [
        {
          ...chart,
          helm: {
            valueFiles: [
              '$values/apps/web/values.yaml',
              '$values/./apps/web/../web/values-prod.yaml',
              'values-local.yaml',
            ],
          },
        },
        values,
      ],
      [
        {
          sourceIndex: 1,
          paths: ['apps/web/values.yaml', 'apps/web/values-prod.yaml'],
          external: [],
        },
      ],
    ],
    [
      'two Helm sources, two ref sources; a folder covers the files under it',
      [
        { ...values, ref: 'shared' },
        { ...chart, helm: { valueFiles: ['$shared/common/values.yaml'] } },
        {
          ...chart,
          chart: 'api',
          helm: {
            valueFiles: [
              '$env/prod/api.yaml',
              '$env/prod',
              '$shared/common/values.yaml',
            ],
          },
        },
        { ...values, ref: 'env' },
      ],
      [
        { sourceIndex: 0, paths: ['common/values.yaml'], external: [] },
        { sourceIndex: 3, paths: ['prod'], external: [] },
      ],
    ],
    [
      'an unknown ref, and a path leaving the repository, are external',
      [
        {
          ...chart,
          helm: {
            valueFiles: ['$missing/values.yaml', '$values/../../x.yaml'],
          },
        },
        values,
      ],
      [
        {
          sourceIndex: 0,
          paths: [],
          external: [
            {
              reference: '$missing/values.yaml',
              from: 'spec.sources[0].helm.valueFiles',
              reason: 'no source declares ref "missing"',
            },
          ],
        },
        {
          sourceIndex: 1,
          paths: [],
          external: [
            {
              reference: '$values/../../x.yaml',
              from: 'spec.sources[0].helm.valueFiles',
              reason: 'it leaves the repository',
            },
          ],
        },
      ],
    ],
    ['no ref value files: nothing', [chart, values], []],
  ])('%s', (_name, sources, expected) => {
    expect(argoHelmValueFileInputs(sources)).toEqual(expected);
  });
});
