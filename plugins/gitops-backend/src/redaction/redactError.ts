import { redactText } from '@gitops-console/plugin-gitops-common';

/**
 * A copy of an error whose message, stack and causes carry no credentials,
 * for error bodies and logs. Its name and HTTP status fields are kept, so
 * Backstage's error handler maps it to the same status.
 */
export function redactError(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(redactText(String(error)));
  }
  const copy = new Error(redactText(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redactText(error.stack);
  for (const field of ['statusCode', 'status', 'code'] as const) {
    const value = (error as any)[field];
    if (typeof value === 'number' || typeof value === 'string') {
      (copy as any)[field] = value;
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 5) {
    (copy as { cause?: unknown }).cause = redactError(cause, depth + 1);
  }
  return copy;
}
