/** The single-commit endpoint: the only answer that lists a commit's changed files. */
const COMMIT_ROUTE = '/repos/{owner}/{repo}/commits/{ref}';

/**
 * GitHub's secondary rate limit on github.com: at most 900 points a minute
 * for REST endpoints, a GET costing one ("Rate limits for the REST API").
 */
export const GITHUB_COM_REST_POINTS_PER_MINUTE = 900;

export interface GithubHistoryRead {
  /** Single-commit reads (one per commit of the indexed history). */
  commit_reads: number;
  /** Seconds from the backend's spawn to the first and the last of them. */
  first_s: number | null;
  last_s: number | null;
  /** Reads per second between the first and the last. */
  per_s: number | null;
  /**
   * The least time github.com's 900-a-minute limit allows for as many:
   * the 901st read is a minute after the first, and so on.
   */
  github_com_floor_s: number;
}

/**
 * When a cold start read the GitHub repositories' history, from the
 * facade's record of what it served: the first start's tail is this read,
 * so the report shows its span and what github.com itself would allow.
 */
export function githubHistoryRead(
  served: ReadonlyArray<{ method: string; template?: string; at: number }>,
  startedAt: number,
): GithubHistoryRead {
  const times = served
    .filter(s => s.method === 'GET' && s.template === COMMIT_ROUTE)
    .map(s => s.at);
  const count = times.length;
  const round = (n: number) => Math.round(n * 10) / 10;
  const first = count ? Math.min(...times) : undefined;
  const last = count ? Math.max(...times) : undefined;
  return {
    commit_reads: count,
    first_s: first === undefined ? null : round((first - startedAt) / 1000),
    last_s: last === undefined ? null : round((last - startedAt) / 1000),
    per_s:
      first !== undefined && last !== undefined && last > first
        ? round(count / ((last - first) / 1000))
        : null,
    github_com_floor_s:
      count > 0
        ? Math.floor((count - 1) / GITHUB_COM_REST_POINTS_PER_MINUTE) * 60
        : 0,
  };
}
