type Headers = Record<string, string | number | undefined>;

/**
 * When a GitHub answer says the rate limit is used up: a 403 or 429 with
 * `x-ratelimit-remaining: 0` (primary limit) or `retry-after` (secondary
 * limit), or any answer that spent the last request. Returns when the limit
 * resets, or undefined when the answer is no rate-limit signal.
 */
export function rateLimitResetsAt(
  status: number,
  headers: Headers,
  now: number,
): Date | undefined {
  const remaining = headers['x-ratelimit-remaining'];
  const retryAfter = Number(headers['retry-after']);
  const exhausted = remaining !== undefined && Number(remaining) === 0;
  const refused = status === 403 || status === 429;
  if (!(exhausted || (refused && retryAfter > 0))) {
    return undefined;
  }
  if (refused && retryAfter > 0) {
    return new Date(now + retryAfter * 1000);
  }
  const reset = Number(headers['x-ratelimit-reset']);
  // Without a reset time GitHub asks clients to wait at least a minute.
  return new Date(reset > 0 ? reset * 1000 : now + 60_000);
}
