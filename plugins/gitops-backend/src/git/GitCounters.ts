/**
 * What Git work the backend did, in total: the benchmark and the tests
 * read these to show that page views cost no Git process and no upstream
 * request at steady state.
 */
export class GitCounters {
  /** Git processes spawned (clone, fetch, log, cat-file, ...). */
  gitProcesses = 0;
  /** HTTP requests sent to a Git hosting API (GitHub). */
  upstreamRequests = 0;
  /**
   * Requests of the background CI poll, counted apart: they follow a
   * fixed schedule, not page views.
   */
  ciRequests = 0;

  snapshot(): { gitProcesses: number; upstreamRequests: number } {
    return {
      gitProcesses: this.gitProcesses,
      upstreamRequests: this.upstreamRequests,
    };
  }
}
