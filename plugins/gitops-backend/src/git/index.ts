export { GitProviderRegistry } from './GitProviderRegistry';
export { GitService } from './GitService';
export type { RepoTreeReader } from './GitService';
export { GitCounters } from './GitCounters';
export { GitUrlAllowList } from './GitUrlAllowList';
export { GithubProvider } from './github/GithubProvider';
export type { GithubProviderOptions } from './github/GithubProvider';
export { PlainGitProvider } from './plain/PlainGitProvider';
export type { PlainGitProviderOptions } from './plain/PlainGitProvider';
export { readGitConfig } from './readGitConfig';
export type { GitConfig } from './readGitConfig';
export { parseRepoUrl, redactUrl, InvalidRepoUrlError } from './repoUrl';
export type { RepoUrl } from './repoUrl';
export {
  GitCommandError,
  GitProviderNotFoundError,
  GitRepositoryNotAllowedError,
  GithubRateLimitError,
  GithubRequestError,
} from './errors';
