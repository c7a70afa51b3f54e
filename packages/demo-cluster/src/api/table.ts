import { ResourceType } from '../crd/resourceType';
import { KubeObject } from '../store/kubeObject';
import { evaluateJsonPath } from './jsonPath';

/** Whether the client asked for the server-side printing kubectl uses. */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '');
}

/** Kubernetes' duration.HumanDuration: `42s`, `5m3s`, `3h`, `2d4h`, `400d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const years = Math.floor(days / 365);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10)
    return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8)
    return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192)
    return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 730) return `${days}d`;
  if (years < 8) return `${years}y${days % 365}d`;
  return `${years}y`;
}

function cell(type: string, values: unknown[]): unknown {
  if (values.length === 0) return null;
  const value = values[0];
  if (type === 'date') {
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isNaN(time) ? '<unknown>' : humanDuration(Date.now() - time);
  }
  if (type === 'string' && typeof value === 'object')
    return JSON.stringify(value);
  return value;
}

/**
 * A `meta.k8s.io/v1` Table: the Name column, then the CRD's printer
 * columns (or Age when it declares none), as `kubectl get` prints them.
 */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
) {
  const columns = type.printerColumns.length
    ? type.printerColumns
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name must be unique within a namespace.',
        priority: 0,
      },
      ...columns.map(column => ({
        name: column.name,
        type: column.type,
        format: column.format ?? '',
        description: column.description ?? '',
        priority: column.priority ?? 0,
      })),
    ],
    rows: objects.map(object => ({
      cells: [
        object.metadata.name,
        ...columns.map(c => cell(c.type, evaluateJsonPath(c.jsonPath, object))),
      ],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: object.metadata,
      },
    })),
  };
}
