import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { FleetShape } from './shape';

/**
 * The catalog as an organisation keeps it: one file per System (the
 * System and its Components, as a team's repository would hold them) and
 * one for the Groups, each a `file` location. Every Component carries
 * backstage.io/kubernetes-id, the annotation both the GitOps and the
 * Kubernetes plugin read.
 *
 * One 2,000-entity file would make each of the catalog's refreshes of it a
 * single synchronous parse of the whole fleet: it held the event loop for
 * up to 2.5 s and was the run's largest transient allocation.
 */
export function writeCatalogFiles(dir: string, shape: FleetShape): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, docs: object[]) => {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(
      file,
      docs.map(doc => YAML.stringify(doc)).join('---\n'),
      'utf8',
    );
    files.push(file);
  };
  const teams = [...new Set(shape.services.map(s => s.team))];
  write(
    'groups',
    teams.map(team => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [] },
    })),
  );
  const bySystem = new Map<string, FleetShape['services']>();
  for (const service of shape.services) {
    const members = bySystem.get(service.system) ?? [];
    members.push(service);
    bySystem.set(service.system, members);
  }
  for (const [system, services] of bySystem) {
    write(`system-${system}`, [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: system },
        spec: { owner: `group:${services[0].team}` },
      },
      ...services.map(service => ({
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
      })),
    ]);
  }
  return files;
}
