import fs from 'node:fs';
import YAML from 'yaml';
import type { FleetShape } from './shape';

/**
 * The catalog: one Component per service (backstage.io/kubernetes-id, the
 * annotation both the GitOps and the Kubernetes plugin read), its owner
 * Group and System, written as one multi-document file for a `file`
 * location.
 */
export function writeCatalogFile(file: string, shape: FleetShape): number {
  const docs: object[] = [];
  const teams = [...new Set(shape.services.map(s => s.team))];
  const systems = new Map(shape.services.map(s => [s.system, s.team]));
  for (const team of teams) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [] },
    });
  }
  for (const [system, team] of systems) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: system },
      spec: { owner: `group:${team}` },
    });
  }
  for (const service of shape.services) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: service.name,
        description: `Benchmark service ${service.index} of team ${service.team}`,
        annotations: { 'backstage.io/kubernetes-id': service.name },
        tags: [service.index % 3 === 0 ? 'java' : 'go'],
      },
      spec: {
        type: 'service',
        lifecycle: service.index % 10 === 0 ? 'experimental' : 'production',
        owner: `group:${service.team}`,
        system: service.system,
      },
    });
  }
  fs.writeFileSync(
    file,
    docs.map(doc => YAML.stringify(doc)).join('---\n'),
    'utf8',
  );
  return shape.services.length;
}
