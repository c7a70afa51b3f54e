import type { FleetDeployment } from '@gitops-console/plugin-gitops-common';
import { toolOf } from '../common';

const COLUMNS: Array<[string, (d: FleetDeployment) => unknown]> = [
  ['entity', d => d.entityRef],
  ['title', d => d.entityTitle],
  ['environment', d => d.environment],
  ['cluster', d => d.cluster],
  ['namespace', d => d.namespace],
  ['name', d => d.name],
  ['tool', d => toolOf(d.kind)],
  ['kind', d => d.kind],
  ['driftState', d => d.drift.state],
  ['reasons', d => d.drift.reasons.map(r => r.message).join('; ')],
  ['health', d => d.health],
  ['syncStatus', d => d.syncStatus],
  ['deployedRevision', d => d.deployedRevision],
  ['desiredRevision', d => d.desiredRevision],
  ['pendingCommits', d => d.pendingCommits.length],
  ['lastSyncedAt', d => d.lastSyncedAt],
  ['owner', d => d.owner],
  ['system', d => d.system],
  ['lifecycle', d => d.lifecycle],
];

/** One CSV field: quoted when needed, and never read as a formula by spreadsheets. */
export function field(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The deployments as CSV (RFC 4180), a header row first. */
export function fleetToCsv(items: FleetDeployment[]): string {
  const rows = [
    COLUMNS.map(([name]) => name),
    ...items.map(d => COLUMNS.map(([, get]) => field(get(d)))),
  ];
  return `${rows.map(r => r.join(',')).join('\r\n')}\r\n`;
}
