import { useEffect, useRef } from 'react';

/** How often an answer that is still being built is asked for again. */
export const COMPUTING_RETRY_MS = 2_000;
/** After this long, the page waits for the usual updates instead. */
export const COMPUTING_RETRY_LIMIT_MS = 30_000;

/**
 * While the backend says the view is still being built (`computing`), ask
 * again soon, for a bounded time: a signal should follow, but a page must
 * not depend on it.
 */
export function useComputingRetry(
  computing: boolean,
  /** The answer that said so: each new one schedules the next retry. */
  answer: unknown,
  refresh: () => void,
) {
  const since = useRef<number | undefined>();
  useEffect(() => {
    if (!computing) {
      since.current = undefined;
      return undefined;
    }
    since.current ??= Date.now();
    if (Date.now() - since.current >= COMPUTING_RETRY_LIMIT_MS) {
      return undefined;
    }
    const timer = setTimeout(refresh, COMPUTING_RETRY_MS);
    return () => clearTimeout(timer);
  }, [computing, answer, refresh]);
}
