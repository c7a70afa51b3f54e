import type { ScmIntegrationRegistry } from '@backstage/integration';
import { GitRepositoryNotAllowedError } from './errors';
import { parseRepoUrl, RepoUrl } from './repoUrl';

type Entry =
  | { kind: 'host'; host: string }
  | { kind: 'prefix'; prefix: string };

/**
 * Decides which repository URLs the backend may read: those on the host of a
 * configured integration (any `integrations.*` entry) and those matching
 * `gitops.git.allowedHosts`. An entry is either a host (`git.example.com`,
 * `127.0.0.1:8765` — the port must match when it is not the default) or a URL
 * prefix (`https://git.example.com/platform`, `file:///srv/git`) that matches
 * whole path segments. `file://` URLs are only allowed by a prefix entry.
 */
export class GitUrlAllowList {
  private readonly entries: Entry[];

  constructor(
    private readonly integrations: Pick<ScmIntegrationRegistry, 'byHost'>,
    allowedHosts: string[],
  ) {
    this.entries = allowedHosts.map(parseEntry);
  }

  /**
   * The parsed URL when it is allowed; throws GitRepositoryNotAllowedError
   * when not, and InvalidRepoUrlError when it is no repository URL at all.
   */
  check(repoUrl: string): RepoUrl {
    const parsed = parseRepoUrl(repoUrl);
    if (!this.allows(parsed)) {
      throw new GitRepositoryNotAllowedError(repoUrl, parsed.host);
    }
    return parsed;
  }

  allows(url: RepoUrl): boolean {
    if (url.scheme !== 'file' && this.integrations.byHost(url.host)) {
      return true;
    }
    return this.entries.some(entry =>
      entry.kind === 'host'
        ? url.scheme !== 'file' && entry.host === url.host
        : url.key === entry.prefix || url.key.startsWith(`${entry.prefix}/`),
    );
  }
}

function parseEntry(raw: string): Entry {
  if (!raw.includes('://')) {
    return { kind: 'host', host: raw.toLowerCase().replace(/\/+$/, '') };
  }
  const url = new URL(raw);
  // Compared with RepoUrl.key, which decodes file paths only.
  const pathname =
    url.protocol === 'file:' ? decodeURIComponent(url.pathname) : url.pathname;
  const path = pathname.replace(/\/+$/, '');
  return {
    kind: 'prefix',
    prefix: `${url.protocol.toLowerCase()}//${url.host.toLowerCase()}${path}`,
  };
}
