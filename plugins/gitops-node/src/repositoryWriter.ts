import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * How a change reaches a repository (`gitops.actions.git[].mode`).
 *
 * @public
 */
export type GitOpsDeliveryMode = 'pull-request' | 'branch' | 'direct';

/**
 * New files to add to a repository as one commit.
 *
 * @public
 */
export interface GitOpsAddFilesRequest {
  repoUrl: string;
  /** The branch the commit is based on (and, for `direct`, pushed to). */
  branch: string;
  /** Repository-relative path to UTF-8 content. */
  files: Record<string, string>;
  /**
   * Paths (files or folders) that must not exist at the branch's head;
   * one that does makes the write refuse with {@link GitOpsPathExistsError}.
   */
  mustNotExist: string[];
  /** Commit subject and pull request title. */
  title: string;
  /** Commit body and pull request description. */
  body?: string;
}

/**
 * Who writes; makes a repeated write find the first one's commit.
 *
 * @public
 */
export interface GitOpsWriteContext {
  /**
   * A stable id of this write (e.g. the scaffolder task id): it names the
   * branch and goes into a commit trailer, so a retried write reuses the
   * commit instead of making a second one.
   */
  writeId: string;
  /** The Backstage entity ref of the requester. */
  requestedBy: string;
}

export interface GitOpsAddFilesResult {
  mode: GitOpsDeliveryMode;
  commitSha: string;
  /** The branch holding the commit: the tracked one (`direct`) or the write's own. */
  pushedBranch: string;
  /** True when an earlier call had made the commit; nothing new was written. */
  reused: boolean;
  pullRequest?: { number: number; url: string };
}

/**
 * What a repository URL resolves to before anything is written.
 *
 * @public
 */
export interface GitOpsRepositoryTarget {
  provider: 'github' | 'git';
  mode: GitOpsDeliveryMode;
}

/**
 * Writes new files to GitOps repositories through GitOps Console's Git
 * write path: the `gitops.git.allowedHosts` and integrations allow-list,
 * the per-repository delivery mode of `gitops.actions.git`, and the bot
 * identity of `gitops.actions.botIdentity`.
 *
 * @public
 */
export interface GitOpsRepositoryWriter {
  /** Throws, naming the host, when the repository may not be written. */
  checkRepository(repoUrl: string): Promise<GitOpsRepositoryTarget>;
  addFiles(
    request: GitOpsAddFilesRequest,
    context: GitOpsWriteContext,
  ): Promise<GitOpsAddFilesResult>;
}

/**
 * A path the write must not overwrite exists already (a conflict, 409).
 *
 * @public
 */
export class GitOpsPathExistsError extends Error {
  readonly name = 'GitOpsPathExistsError';
  readonly statusCode = 409;
  readonly code = 'path-exists';
  constructor(readonly paths: string[], repoUrl: string, branch: string) {
    super(
      `${paths.map(p => `'${p}'`).join(', ')} already exist${
        paths.length === 1 ? 's' : ''
      } in ${repoUrl} on ${branch}; nothing was written`,
    );
  }
}

const NOT_INSTALLED =
  'no GitOps repository writer is installed: add gitopsRepositoryWriterServiceFactory from @gitops-console/plugin-gitops-backend to the backend';

/**
 * The repository writer service. Its implementation is the service
 * factory of `@gitops-console/plugin-gitops-backend`
 * (`gitopsRepositoryWriterServiceFactory`), added to the backend beside
 * the modules that use it. Without it, every write fails saying so, and
 * modules that do not write still start.
 *
 * @public
 */
export const gitopsRepositoryWriterServiceRef =
  createServiceRef<GitOpsRepositoryWriter>({
    id: 'gitops.repository-writer',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => ({
          checkRepository: async () => {
            throw new Error(NOT_INSTALLED);
          },
          addFiles: async () => {
            throw new Error(NOT_INSTALLED);
          },
        }),
      }),
  });
