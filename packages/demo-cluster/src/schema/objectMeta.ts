import { FieldError, fieldErrors } from './fieldError';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function qualifiedNameErrors(field: string, key: string): FieldError[] {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const errors: FieldError[] = [];
  if (parts.length > 2 || !name || name.length > 63 || !LABEL_NAME.test(name)) {
    errors.push(
      fieldErrors.invalid(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      ),
    );
  }
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    errors.push(
      fieldErrors.invalid(
        field,
        key,
        'prefix part must be a lowercase RFC 1123 subdomain',
      ),
    );
  }
  return errors;
}

/** The ObjectMeta checks the API server applies to every custom object. */
export function validateObjectMeta(meta: Record<string, any>): FieldError[] {
  const errors: FieldError[] = [];
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    errors.push(fieldErrors.required('metadata.name'));
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    errors.push(
      fieldErrors.invalid(
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    );
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    errors.push(...qualifiedNameErrors(`metadata.labels`, key));
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !LABEL_VALUE.test(value)
    ) {
      errors.push(
        fieldErrors.invalid(
          `metadata.labels`,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    errors.push(...qualifiedNameErrors('metadata.annotations', key));
    if (typeof value !== 'string') {
      errors.push(
        fieldErrors.typeInvalid(
          `metadata.annotations[${key}]`,
          value,
          'string',
        ),
      );
    } else {
      annotationBytes += key.length + Buffer.byteLength(value);
    }
  }
  if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
    errors.push(
      fieldErrors.tooLong('metadata.annotations', MAX_ANNOTATIONS_BYTES),
    );
  }
  return errors;
}
