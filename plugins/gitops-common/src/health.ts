/**
 * The answer of `GET /api/gitops/health`.
 *
 * @public
 */
export interface GitOpsHealthResponse {
  status: 'ok';
  /** Version of the backend plugin package. */
  version: string;
  /** Names of the clusters the backend is configured to watch. */
  clusters: string[];
  /** Explains an empty cluster list, so the UI can tell the user what to do. */
  message?: string;
}
