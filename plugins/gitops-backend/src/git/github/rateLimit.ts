type Headers = Record<string, string | number | undefined>;

/** GitHub's advice when a limit answer names no time: wait a minute. */
const DEFAULT_WAIT_MS = 60_000;

/**
 * When a GitHub answer says the rate limit is used up, and so when the
 * next request may be sent: a 403 or 429 with `retry-after` (secondary
 * limit) waits that long; `x-ratelimit-remaining: 0` (primary limit, also
 * on an answer that spent the last request) waits for `x-ratelimit-reset`;
 * a 429, or a 403 whose message names a rate limit, without either waits a
 * minute, as GitHub's documentation asks. Undefined when the answer is no
 * rate-limit signal.
 */
export function rateLimitResetsAt(
  status: number,
  headers: Headers,
  now: number,
  message = '',
): Date | undefined {
  const remaining = headers['x-ratelimit-remaining'];
  const retryAfter = Number(headers['retry-after']);
  const exhausted = remaining !== undefined && Number(remaining) === 0;
  const refused = status === 403 || status === 429;
  if (refused && retryAfter > 0) {
    return new Date(now + retryAfter * 1000);
  }
  if (exhausted) {
    const reset = Number(headers['x-ratelimit-reset']);
    return new Date(reset > 0 ? reset * 1000 : now + DEFAULT_WAIT_MS);
  }
  if (status === 429 || (status === 403 && /rate limit/i.test(message))) {
    return new Date(now + DEFAULT_WAIT_MS);
  }
  return undefined;
}
