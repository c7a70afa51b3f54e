import { KubeObject } from '../store/kubeObject';
import { apiErrors } from './apiError';

/** Custom resources can be selected by these fields only. */
const SUPPORTED = ['metadata.name', 'metadata.namespace'] as const;

export type FieldSelector = Array<{
  field: (typeof SUPPORTED)[number];
  op: 'eq' | 'ne';
  value: string;
}>;

export function parseFieldSelector(
  selector: string | undefined,
): FieldSelector {
  if (!selector) return [];
  return selector
    .split(',')
    .map(term => term.trim())
    .filter(Boolean)
    .map(term => {
      const match = term.match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
      if (!match)
        throw apiErrors.badRequest(
          `invalid selector: '${term}'; can't understand '${term}'`,
        );
      const field = match[1];
      if (!(SUPPORTED as readonly string[]).includes(field)) {
        throw apiErrors.badRequest(`field label not supported: ${field}`);
      }
      return {
        field: field as FieldSelector[number]['field'],
        op: match[2] === '!=' ? 'ne' : 'eq',
        value: match[3],
      };
    });
}

export function matchesFields(
  selector: FieldSelector,
  object: KubeObject,
): boolean {
  return selector.every(({ field, op, value }) => {
    const actual =
      field === 'metadata.name'
        ? object.metadata.name
        : object.metadata.namespace ?? '';
    return op === 'eq' ? actual === value : actual !== value;
  });
}
