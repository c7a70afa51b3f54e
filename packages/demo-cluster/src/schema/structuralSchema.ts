import { JSONSchemaProps } from '../crd/resourceType';
import { compileRule } from './celSubset';
import { FieldError, fieldErrors, joinPath } from './fieldError';

/*
 * What the API server does with a custom object's body, against the CRD's
 * structural schema: drop unknown fields, fill in defaults, then validate.
 * These walk the schema directly instead of handing it to a JSON Schema
 * library: the Kubernetes dialect (nullable, int-or-string,
 * preserve-unknown-fields) needs translating anyway, and the errors must
 * come out in Kubernetes' words and field paths.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The ObjectMeta fields the API server keeps; anything else is pruned. */
const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

function preservesUnknown(schema: JSONSchemaProps): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Removes fields the schema does not know, in place. Returns their paths,
 * which the server reports as warnings (or rejects under strict field
 * validation).
 */
export function pruneUnknownFields(
  root: JsonObject,
  schema: JSONSchemaProps,
): string[] {
  const pruned: string[] = [];
  const walk = (value: Json, s: JSONSchemaProps | undefined, path: string) => {
    if (!s) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, s.items, joinPath(path, i)));
      return;
    }
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      const child = s.properties?.[key];
      if (child) {
        walk(value[key], child, joinPath(path, key));
      } else if (isObject(s.additionalProperties)) {
        walk(value[key], s.additionalProperties, joinPath(path, key));
      } else if (!preservesUnknown(s) && s.additionalProperties !== true) {
        pruned.push(joinPath(path, key));
        delete value[key];
      }
    }
  };
  for (const key of Object.keys(root)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata') {
      const meta = root.metadata;
      if (isObject(meta)) {
        for (const metaKey of Object.keys(meta)) {
          if (!OBJECT_META_FIELDS.has(metaKey)) {
            pruned.push(`metadata.${metaKey}`);
            delete meta[metaKey];
          }
        }
      }
      continue;
    }
    const child = schema.properties?.[key];
    if (child) walk(root[key], child, key);
    else if (!preservesUnknown(schema)) {
      pruned.push(key);
      delete root[key];
    }
  }
  return pruned;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Fills in schema defaults, in place: a missing field with a `default` gets
 * it, and so does a null one that is not nullable, as Kubernetes does.
 */
export function applyDefaults(root: JsonObject, schema: JSONSchemaProps): void {
  const walk = (value: Json, s: JSONSchemaProps | undefined) => {
    if (!s) return;
    if (Array.isArray(value)) {
      value.forEach(item => walk(item, s.items));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (child.default !== undefined) {
        if (
          value[key] === undefined ||
          (value[key] === null && !child.nullable)
        ) {
          value[key] = clone(child.default);
        }
      }
      if (value[key] !== undefined) walk(value[key], child);
    }
    if (isObject(s.additionalProperties)) {
      for (const key of Object.keys(value)) {
        if (!s.properties?.[key]) walk(value[key], s.additionalProperties);
      }
    }
  };
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (key === 'metadata' || key === 'apiVersion' || key === 'kind') continue;
    if (child.default !== undefined && root[key] === undefined) {
      root[key] = clone(child.default);
    }
    if (root[key] !== undefined) walk(root[key], child);
  }
}

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function typeMatches(value: Json, s: JSONSchemaProps): boolean {
  if (s['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || Number.isInteger(value);
  }
  switch (s.type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function expectedType(s: JSONSchemaProps): string {
  return s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type ?? 'any';
}

function validateValue(
  value: Json,
  s: JSONSchemaProps,
  path: string,
  errors: FieldError[],
) {
  if (value === null) {
    if (!s.nullable && (s.type || s['x-kubernetes-int-or-string'])) {
      errors.push(fieldErrors.typeInvalid(path, value, expectedType(s)));
    }
    return;
  }
  if (!typeMatches(value, s)) {
    errors.push(fieldErrors.typeInvalid(path, value, expectedType(s)));
    return;
  }
  if (
    s.enum &&
    !s.enum.some(allowed => JSON.stringify(allowed) === JSON.stringify(value))
  ) {
    errors.push(fieldErrors.notSupported(path, value, s.enum));
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      errors.push(fieldErrors.tooLong(path, s.maxLength));
    }
    if (s.minLength !== undefined && value.length < s.minLength) {
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should be at least ${s.minLength} chars long`,
        ),
      );
    }
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) {
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should match '${s.pattern}'`,
        ),
      );
    }
    if (s.format === 'date-time' && !RFC3339.test(value)) {
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body must be of type date-time: ${JSON.stringify(value)}`,
        ),
      );
    }
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) {
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should be greater than or equal to ${s.minimum}`,
        ),
      );
    }
    if (s.maximum !== undefined && value > s.maximum) {
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should be less than or equal to ${s.maximum}`,
        ),
      );
    }
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      errors.push(fieldErrors.tooMany(path, s.maxItems));
    }
    if (s.minItems !== undefined && value.length < s.minItems) {
      errors.push(
        fieldErrors.invalid(
          path,
          value.length,
          `${path} in body should have at least ${s.minItems} items`,
        ),
      );
    }
    if (s.items)
      value.forEach((item, i) =>
        validateValue(item, s.items!, joinPath(path, i), errors),
      );
    validateListType(value, s, path, errors);
  }
  if (isObject(value)) {
    // Like the API server: the fields' own errors first, in schema order, then missing ones.
    const keys = [
      ...Object.keys(s.properties ?? {}).filter(key => key in value),
      ...Object.keys(value).filter(key => !s.properties?.[key]),
    ];
    for (const key of keys) {
      const childSchema =
        s.properties?.[key] ??
        (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
      if (childSchema && value[key] !== undefined)
        validateValue(value[key], childSchema, joinPath(path, key), errors);
    }
    for (const key of s.required ?? []) {
      if (value[key] === undefined)
        errors.push(fieldErrors.required(joinPath(path, key)));
    }
  }
  validateCombinators(value, s, path, errors);
}

/** The CEL rules, checked once the schema itself is satisfied. */
function validateRules(
  value: Json,
  s: JSONSchemaProps,
  path: string,
  errors: FieldError[],
) {
  for (const { rule, message } of s['x-kubernetes-validations'] ?? []) {
    const predicate = compileRule(rule);
    if (predicate && !predicate(value)) {
      errors.push({
        field: path,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${message ?? `failed rule: ${rule}`}`,
      });
    }
  }
  if (Array.isArray(value) && s.items)
    value.forEach((item, i) =>
      validateRules(item, s.items!, joinPath(path, i), errors),
    );
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        s.properties?.[key] ??
        (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
      if (childSchema)
        validateRules(child, childSchema, joinPath(path, key), errors);
    }
  }
}

function hasRules(s: JSONSchemaProps | undefined): boolean {
  if (!s) return false;
  if (s['x-kubernetes-validations']?.length) return true;
  return (
    Object.values(s.properties ?? {}).some(hasRules) ||
    hasRules(s.items) ||
    (isObject(s.additionalProperties) &&
      hasRules(s.additionalProperties as JSONSchemaProps))
  );
}

/** What the API server appends when schema errors kept it from running the CEL rules. */
const RULES_NOT_CHECKED: FieldError = {
  field: '<nil>',
  reason: 'FieldValueInvalid',
  message:
    'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
};

function validateListType(
  value: Json[],
  s: JSONSchemaProps,
  path: string,
  errors: FieldError[],
) {
  const listType = s['x-kubernetes-list-type'];
  const keyOf = (item: Json): string | undefined => {
    if (listType === 'set') return JSON.stringify(item);
    if (listType === 'map' && isObject(item)) {
      return JSON.stringify(
        (s['x-kubernetes-list-map-keys'] ?? []).map(k => item[k]),
      );
    }
    return undefined;
  };
  if (listType !== 'set' && listType !== 'map') return;
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key))
      errors.push(fieldErrors.duplicate(joinPath(path, i), item));
    seen.add(key);
  });
}

/** anyOf/allOf/oneOf/not only constrain values in a structural schema. */
function validateCombinators(
  value: Json,
  s: JSONSchemaProps,
  path: string,
  errors: FieldError[],
) {
  const check = (branch: JSONSchemaProps) => {
    const branchErrors: FieldError[] = [];
    validateValue(value, branch, path, branchErrors);
    return branchErrors;
  };
  for (const branch of s.allOf ?? []) errors.push(...check(branch));
  if (s.anyOf && !s.anyOf.some(branch => check(branch).length === 0)) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body must match at least one schema in anyOf`,
      ),
    );
  }
  if (
    s.oneOf &&
    s.oneOf.filter(branch => check(branch).length === 0).length !== 1
  ) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body must match exactly one schema in oneOf`,
      ),
    );
  }
  if (s.not && check(s.not).length === 0) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body should not match the schema in not`,
      ),
    );
  }
}

/** Checks an object against its CRD schema; `metadata` is checked elsewhere. */
export function validateAgainstSchema(
  root: JsonObject,
  schema: JSONSchemaProps,
): FieldError[] {
  const errors: FieldError[] = [];
  const body = Object.entries(root).filter(
    ([key]) => key !== 'metadata' && key !== 'apiVersion' && key !== 'kind',
  );
  for (const [key, value] of body) {
    const child = schema.properties?.[key];
    if (child && value !== undefined) validateValue(value, child, key, errors);
  }
  for (const key of schema.required ?? []) {
    if (key !== 'metadata' && root[key] === undefined)
      errors.push(fieldErrors.required(key));
  }
  if (errors.length > 0) {
    if (hasRules(schema)) errors.push(RULES_NOT_CHECKED);
    return errors;
  }
  for (const [key, value] of body) {
    const child = schema.properties?.[key];
    if (child && value !== undefined) validateRules(value, child, key, errors);
  }
  return errors;
}
