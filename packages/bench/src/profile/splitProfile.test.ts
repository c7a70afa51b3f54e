import { cpuCategoryOf } from './cpuCategories';
import { splitProfileByPhase, type CpuProfile } from './splitProfile';

const frame = (functionName: string, url = '') => ({ functionName, url });

describe('cpuCategoryOf', () => {
  it('tells the project from its dependencies, and V8 from both', () => {
    expect(
      cpuCategoryOf(
        frame('forEntityBody', 'file:///w/plugins/gitops-backend/dist/a.js'),
      ),
    ).toBe('GitOps Console');
    expect(
      cpuCategoryOf(
        frame('x', 'file:///w/node_modules/@gitops-console/x/dist/a.js'),
      ),
    ).not.toBe('GitOps Console');
    expect(
      cpuCategoryOf(
        frame(
          'lookupRoute',
          'file:///w/node_modules/express-openapi-validator/dist/m.js',
        ),
      ),
    ).toBe('OpenAPI request validation');
    expect(
      cpuCategoryOf(frame('decode', 'file:///w/node_modules/jose/dist/d.js')),
    ).toBe('Backstage auth and services');
    expect(
      cpuCategoryOf(
        frame('next', 'file:///w/node_modules/express/lib/router/index.js'),
      ),
    ).toBe('Express, middleware, logging');
    expect(cpuCategoryOf(frame('writev'))).toBe('Node core and native');
    expect(cpuCategoryOf(frame('(garbage collector)'))).toBe(
      'garbage collection',
    );
    expect(cpuCategoryOf(frame('(idle)'))).toBe('idle');
    expect(
      cpuCategoryOf(frame('f', 'file:///w/node_modules/yaml/dist/a.js')),
    ).toBe('other packages');
  });
});

describe('splitProfileByPhase', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)') },
      {
        id: 2,
        callFrame: frame('build', 'file:///w/plugins/gitops-backend/dist/b.js'),
      },
      { id: 3, callFrame: frame('(garbage collector)') },
    ],
    startTime: 1_000,
    // Samples at 1,100 / 1,200 / ... / 1,800 µs.
    samples: [2, 2, 3, 2, 1, 1, 1, 2],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
  };

  it('counts each sample in the phase whose window holds it', () => {
    const phases = splitProfileByPhase(
      profile,
      [
        { phase: 'cold start', mono_us: 1_400 },
        { phase: 'load', mono_us: 1_700 },
      ],
      1_150,
    );
    // 1,100 is before `from`; 1,800 after the last phase: neither counts.
    expect(phases.map(p => p.samples)).toEqual([3, 3]);
    expect(phases[0].shares).toMatchObject({
      'GitOps Console': 66.7,
      'garbage collection': 33.3,
      idle: 0,
    });
    expect(phases[1].shares).toMatchObject({ idle: 100, 'GitOps Console': 0 });
    expect(phases[1].seconds).toBe(0);
  });
});
