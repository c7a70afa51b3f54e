/** What one target of the load answered. */
export interface LoadCounts {
  requests: number;
  ok: number;
  errors: number;
  /** The first few failures, for the test's message. */
  failures: string[];
}

export interface LoadClient {
  /** Counts so far, per target name. */
  counts(): Record<string, LoadCounts>;
  /** Stops every worker after its request in flight; resolves then. */
  stop(): Promise<Record<string, LoadCounts>>;
}

/**
 * A small closed-loop load: `concurrency` workers per target, each sending
 * the next GET as soon as the last one answered. A request fails when it
 * cannot connect, errs, times out (`timeoutMs`) or answers other than 200.
 * `pause(target)` marks a target whose failures are expected.
 */
export function startLoad(options: {
  targets: Array<{ name: string; url: () => string }>;
  paths: string[];
  headers: Record<string, string>;
  concurrency: number;
  timeoutMs: number;
}): LoadClient {
  const state = { running: true };
  const counts: Record<string, LoadCounts> = {};
  const workers: Promise<void>[] = [];
  for (const target of options.targets) {
    const c: LoadCounts = { requests: 0, ok: 0, errors: 0, failures: [] };
    counts[target.name] = c;
    for (let w = 0; w < options.concurrency; w++) {
      workers.push(worker(state, target.url, c, w, options));
    }
  }
  const snapshot = () =>
    Object.fromEntries(
      Object.entries(counts).map(([name, c]) => [
        name,
        { ...c, failures: [...c.failures] },
      ]),
    );
  return {
    counts: snapshot,
    async stop() {
      state.running = false;
      await Promise.all(workers);
      return snapshot();
    },
  };
}

/** One worker: the next GET as soon as the last one answered. */
async function worker(
  state: { running: boolean },
  url: () => string,
  c: LoadCounts,
  first: number,
  options: {
    paths: string[];
    headers: Record<string, string>;
    timeoutMs: number;
  },
) {
  let i = first;
  while (state.running) {
    const path = options.paths[i++ % options.paths.length];
    c.requests += 1;
    try {
      const response = await fetch(`${url()}${path}`, {
        headers: options.headers,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.status === 200) c.ok += 1;
      else fail(c, `${path}: HTTP ${response.status}`);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      fail(
        c,
        `${path}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
      );
      // Not a tight loop against a port nobody listens on.
      await new Promise(r => setTimeout(r, 50));
    }
  }
}

function fail(c: LoadCounts, message: string) {
  c.errors += 1;
  if (c.failures.length < 5) c.failures.push(message);
}
