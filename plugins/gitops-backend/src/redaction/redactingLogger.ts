import type { LoggerService } from '@backstage/backend-plugin-api';
import { redactText, redactValue } from '@gitops-console/plugin-gitops-common';
import { redactError } from './redactError';

type JsonObject = Parameters<LoggerService['child']>[0];

// Metadata keys whose values are credentials whatever they look like.
const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|password|passwd|secret|token|access_?token|api_?key|client_?secret|private_?key)$/i;

/** Blanks credential-named keys at any depth (`headers.authorization`). */
function blankSecretKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(blankSecretKeys);
  if (value === null || typeof value !== 'object' || value instanceof Error) {
    return value;
  }
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      SECRET_KEYS.test(key) ? '[redacted]' : blankSecretKeys(v),
    ]),
  );
}

function redactMeta(meta: JsonObject): JsonObject {
  // Nested credentials were logged as written (found by a property test).
  return blankSecretKeys(redactValue(meta)) as JsonObject;
}

function redactLogMeta(
  meta?: Error | JsonObject,
): Error | JsonObject | undefined {
  if (meta === undefined) return undefined;
  return meta instanceof Error ? redactError(meta) : redactMeta(meta);
}

/**
 * A logger that removes credentials (URL user info, token parameters, and
 * values of credential-named metadata keys) from every message and its
 * metadata before passing them on. Everything the plugin logs goes through
 * it, since error messages from Git and Kubernetes clients quote URLs.
 */
export function redactingLogger(logger: LoggerService): LoggerService {
  return {
    error: (message, meta) =>
      logger.error(redactText(message), redactLogMeta(meta)),
    warn: (message, meta) =>
      logger.warn(redactText(message), redactLogMeta(meta)),
    info: (message, meta) =>
      logger.info(redactText(message), redactLogMeta(meta)),
    debug: (message, meta) =>
      logger.debug(redactText(message), redactLogMeta(meta)),
    child: meta => redactingLogger(logger.child(redactMeta(meta))),
  };
}
