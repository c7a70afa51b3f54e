import type { ScmIntegrationRegistry } from '@backstage/integration';
import type {
  CommitSummary,
  Deployment,
} from '@gitops-console/plugin-gitops-common';
import { repoWebUrl } from './buildContext';

/** A browsable URL for a commit of a repository, when its host has one. */
export type CommitUrlResolver = (
  repoUrl: string,
  sha: string,
) => string | undefined;

/** Commit page paths of the hosts Backstage integrates with. */
const COMMIT_PATHS: Record<string, string> = {
  github: 'commit',
  gitea: 'commit',
  azure: 'commit',
  gitlab: '-/commit',
  bitbucket: 'commits',
  bitbucketCloud: 'commits',
  bitbucketServer: 'commits',
};

/**
 * Commit links from the integration that owns the repository's host, so
 * repositories read over plain Git (GitLab, Bitbucket, Gitea, ...) link to
 * their commits too. Hosts without an integration get no link.
 */
export function commitUrlResolver(
  integrations: Pick<ScmIntegrationRegistry, 'byUrl'>,
): CommitUrlResolver {
  return (repoUrl, sha) => {
    const web = repoWebUrl(repoUrl);
    if (!web) return undefined;
    const path = COMMIT_PATHS[integrations.byUrl(web)?.type ?? ''];
    return path ? `${web}/${path}/${sha}` : undefined;
  };
}

/** Fills in the commit links a provider did not give. */
export function withCommitLinks(
  deployment: Deployment,
  resolve: CommitUrlResolver,
): Deployment {
  const repoOf = (commit: CommitSummary) =>
    (commit.sourceIndex !== undefined
      ? deployment.sources[commit.sourceIndex]
      : deployment.source
    )?.repoURL;
  const link = <T extends CommitSummary | undefined>(commit: T): T => {
    if (!commit || commit.url) return commit;
    const repo = repoOf(commit);
    const url = repo ? resolve(repo, commit.sha) : undefined;
    return url ? { ...commit, url } : commit;
  };
  const deployedCommit = link(deployment.deployedCommit);
  return {
    ...deployment,
    deployedCommit,
    pendingCommits: deployment.pendingCommits.map(link),
    sources: deployment.sources.map(s => ({
      ...s,
      pendingCommits: s.pendingCommits.map(link),
    })),
    source: deployment.source && {
      ...deployment.source,
      pendingCommits: deployment.source.pendingCommits.map(link),
    },
    history: deployment.history.map(h => ({ ...h, commit: link(h.commit) })),
    links: {
      ...deployment.links,
      commit: deployment.links.commit ?? deployedCommit?.url,
    },
  };
}
