import { redactText } from '@gitops-console/plugin-gitops-common';
import { describeKubeError } from '../cluster/kubeErrors';
import {
  ClusterActionConflictError,
  ClusterActionError,
  ClusterActionFailedError,
  ClusterActionForbiddenError,
  ClusterActionNotFoundError,
  ClusterActionUnavailableError,
  ClusterActionUnfitError,
} from './errors';

export interface ErrorContext {
  cluster: string;
  /** `Kind namespace/name` of the object being read or patched. */
  object: string;
  /** Values to remove wherever they appear: the cluster's token. */
  secrets: Array<string | undefined>;
}

/**
 * Removes credentials from a message: URL user info and token parameters
 * (redactText), bearer values, and the cluster's own token verbatim, which
 * looks like nothing in particular.
 */
export function scrubCredentials(
  text: string,
  secrets: Array<string | undefined>,
): string {
  let out = redactText(text).replace(
    /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi,
    '$1 [redacted]',
  );
  for (const secret of secrets) {
    if (secret && secret.length >= 4)
      out = out.split(secret).join('[redacted]');
  }
  return out;
}

function isStatusBody(body: unknown): boolean {
  try {
    return JSON.parse(String(body))?.kind === 'Status';
  } catch {
    return false;
  }
}

/** The `message` of a Kubernetes Status body, or the body's start. */
function clusterMessage(body: unknown): string | undefined {
  if (typeof body !== 'string' || !body) return undefined;
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return body.slice(0, 300);
}

/**
 * The typed error for a failed read or patch of a cluster action, with the
 * cluster's own words and no credentials; an error that is typed already
 * passes through. No `cause` is kept: request options hold the token.
 */
export function toClusterActionError(
  error: unknown,
  context: ErrorContext,
): ClusterActionError {
  if (error instanceof ClusterActionError) return error;
  const clean = (text: string) => scrubCredentials(text, context.secrets);
  const e = error as any;
  const where = `cluster '${context.cluster}'`;
  if (e?.name === 'KubeStatusError' && typeof e.statusCode === 'number') {
    const status: number = e.statusCode;
    const said = clean(clusterMessage(e.body) ?? `HTTP ${status}`);
    switch (status) {
      case 401:
        return new ClusterActionForbiddenError(
          `${where} does not accept the backend's credentials (401 Unauthorized: ${said}); check gitops.clusters[].token`,
          401,
        );
      case 403:
        return new ClusterActionForbiddenError(`${where} refused: ${said}`);
      case 404:
        // A kind the cluster does not serve answers a bare 404, not a Status.
        if (!isStatusBody(e.body)) {
          return new ClusterActionNotFoundError(
            `${where} does not serve the kind of ${context.object} (is its CRD installed?): ${said}`,
          );
        }
        return new ClusterActionNotFoundError(
          `${context.object} is not in ${where}: ${said}`,
        );
      case 409:
        return new ClusterActionConflictError(
          'changed-meanwhile',
          `${context.object} changed in ${where} while the action was written; nothing was written, try again: ${said}`,
        );
      case 422:
        return new ClusterActionUnfitError(
          `${where} refused the patch of ${context.object} as invalid: ${said}`,
        );
      default:
        if (status === 429 || status >= 500) {
          return new ClusterActionUnavailableError(
            `${where} could not take the action now (HTTP ${status}): ${said}`,
          );
        }
        return new ClusterActionFailedError(
          `${where} answered HTTP ${status} for ${context.object}: ${said}`,
          status,
        );
    }
  }
  const described = describeKubeError(error);
  if (described.timeout) {
    return new ClusterActionUnavailableError(
      `${where} did not answer in time (${clean(described.message)})`,
      true,
    );
  }
  return new ClusterActionUnavailableError(
    `${where} is unreachable: ${clean(described.message)}`,
  );
}
