/**
 * A validation failure on one field, shaped like Kubernetes' field.Error so
 * it renders into the same `Status` causes and message a real API server
 * sends for a 422.
 */
export type FieldErrorReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate';

export interface FieldError {
  field: string;
  reason: FieldErrorReason;
  /** The detail, without the field path: `Required value`, `Invalid value: ...`. */
  message: string;
}

/** Go's `%v`-ish rendering of a value inside an error message. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (parent === '') return key;
  return /^[A-Za-z_$][\w$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${key}]`;
}

export const fieldErrors = {
  required: (field: string): FieldError => ({
    field,
    reason: 'FieldValueRequired',
    message: 'Required value',
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    field,
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${renderValue(value)}: ${detail}`,
  }),
  typeInvalid: (
    field: string,
    value: unknown,
    expected: string,
  ): FieldError => {
    let actual: string = typeof value;
    if (value === null) actual = 'null';
    else if (Array.isArray(value)) actual = 'array';
    return {
      field,
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: ${renderValue(
        actual,
      )}: ${field} in body must be of type ${expected}: ${renderValue(actual)}`,
    };
  },
  notSupported: (
    field: string,
    value: unknown,
    allowed: unknown[],
  ): FieldError => ({
    field,
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${renderValue(
      value,
    )}: supported values: ${allowed.map(renderValue).join(', ')}`,
  }),
  tooLong: (field: string, max: number): FieldError => ({
    field,
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${max} bytes`,
  }),
  tooMany: (field: string, max: number): FieldError => ({
    field,
    reason: 'FieldValueTooMany',
    message: `Too many: must have at most ${max} items`,
  }),
  duplicate: (field: string, value: unknown): FieldError => ({
    field,
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${renderValue(value)}`,
  }),
};

/** `spec.x: Invalid value: ...`, as in a Status message. */
export function formatFieldError(error: FieldError): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}
