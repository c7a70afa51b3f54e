import { makeValidator } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const validators = makeValidator();

const RULES = [
  ['namespace', validators.isValidNamespace],
  ['kind', validators.isValidKind],
  ['name', validators.isValidEntityName],
] as const;

/** Shows a rejected value safely: control characters escaped, length capped. */
function quote(value: string): string {
  const shown = JSON.stringify(
    value.length > 80 ? `${value.slice(0, 80)}…` : value,
  );
  return value.length > 80 ? `${shown} (${value.length} characters)` : shown;
}

/**
 * The entity reference of an `/entities/{namespace}/{kind}/{name}/...`
 * request, checked against the catalog's own naming rules before any
 * catalog call, so a malformed name is a clear `400` rather than a nested
 * catalog error.
 */
export function entityRefFromParams(params: {
  namespace: string;
  kind: string;
  name: string;
}): string {
  for (const [field, isValid] of RULES) {
    const value = params[field];
    if (!isValid(value)) {
      throw new InputError(
        `Invalid entity ${field} ${quote(
          String(value),
        )}: it does not follow the catalog's rules for an entity ${field}`,
      );
    }
  }
  return `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();
}
