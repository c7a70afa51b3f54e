import { fleetShape } from './shape';
import { stateOf } from './kubeObjects';

describe('fleetShape', () => {
  it('has the issue’s fleet at scale 1: 10,000 Applications, 2,000 Kustomizations, 2,000 entities', () => {
    const shape = fleetShape(1);
    expect(shape.clusters).toHaveLength(10);
    expect(shape.services).toHaveLength(2000);
    expect(shape.deployments.filter(d => d.tool === 'argo')).toHaveLength(
      10_000,
    );
    expect(shape.deployments.filter(d => d.tool === 'flux')).toHaveLength(2000);
    expect(shape.commitCount).toBe(5000);
  });

  it('puts each service on six different clusters, the same share on every cluster', () => {
    const shape = fleetShape(0.1);
    for (const service of shape.services) {
      const clusters = new Set(service.deployments.map(d => d.cluster.name));
      expect(clusters.size).toBe(6);
    }
    const perCluster = new Map<string, number>();
    for (const d of shape.deployments)
      perCluster.set(d.cluster.name, (perCluster.get(d.cluster.name) ?? 0) + 1);
    expect(new Set(perCluster.values())).toEqual(new Set([120]));
  });

  it('names custom resources uniquely within a cluster', () => {
    const shape = fleetShape(0.05);
    const keys = shape.deployments.map(
      d => `${d.cluster.name}/${d.tool}/${d.name}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('spreads the deployment states with most in sync', () => {
    const shape = fleetShape(0.1);
    const states = shape.deployments.map((d, i) => stateOf(d, i));
    const inSync = states.filter(s => s === 'in-sync').length / states.length;
    expect(inSync).toBeGreaterThan(0.75);
    expect(inSync).toBeLessThan(0.85);
    expect(new Set(states)).toEqual(
      new Set([
        'in-sync',
        'behind',
        'degraded',
        'progressing',
        'drifted',
        'suspended',
      ]),
    );
  });

  it('rejects a scale outside (0, 1]', () => {
    expect(() => fleetShape(0)).toThrow(/--scale/);
    expect(() => fleetShape(2)).toThrow(/--scale/);
  });
});
