import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useGitOpsUpdates } from './useGitOpsUpdates';
import { lastAnswers } from './lastAnswers';

/** The state of a backend read that follows live updates. */
export interface LiveAsyncState<T> {
  /** The last successful answer; kept while refreshing and after a failed refresh. */
  value?: T;
  /** The last failure, cleared by the next success. */
  error?: Error;
  /** True until the first answer or failure. */
  loading: boolean;
  /** True while any read is in flight, including refreshes. */
  pending: boolean;
  /**
   * True when `value` answers earlier `deps` (kept by `keepPrevious`) and
   * the read for the current ones has not succeeded yet.
   */
  previous: boolean;
  refresh: () => void;
}

export interface LiveAsyncOptions<T> {
  /** A table that changes its filters keeps its rows until the new ones arrive. */
  keepPrevious?: boolean;
  /**
   * Identifies the read across mounts: a page opened again shows the last
   * answer at once and refreshes it behind, instead of skeletons.
   */
  cacheKey?: string;
  /** The signals channel to follow, which may come from the answer itself. */
  signalChannel?: string | ((value: T | undefined) => string | undefined);
  /** The signal message types that call for a reload (deployment changes by default). */
  signalTypes?: readonly string[];
}

/**
 * Loads `load()` and loads it again when deployments change (signals or the
 * polling fallback). Refreshes keep showing the previous answer, so pages do
 * not flash skeletons on every update. When `deps` change, the previous
 * answer is dropped unless `keepPrevious` is set.
 */
export function useLiveAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: LiveAsyncOptions<T> = {},
): LiveAsyncState<T> {
  const { keepPrevious, cacheKey } = options;
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    previous?: boolean;
  }>(() => ({
    value: cacheKey ? lastAnswers.get<T>(cacheKey) : undefined,
  }));
  const [pending, setPending] = useState(true);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration(g => g + 1), []);

  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const cached = cacheKey ? lastAnswers.get<T>(cacheKey) : undefined;
    if (cached !== undefined) setState({ value: cached });
    else if (keepPrevious) setState(s => ({ ...s, previous: true }));
    else setState({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    let current = true;
    setPending(true);
    load().then(
      value => {
        if (!current) return;
        if (cacheKey) lastAnswers.set(cacheKey, value);
        setState({ value });
        setPending(false);
      },
      error => {
        if (!current) return;
        setState(s => ({ value: s.value, previous: s.previous, error }));
        setPending(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  const channel =
    typeof options.signalChannel === 'function'
      ? options.signalChannel(state.value)
      : options.signalChannel;
  useGitOpsUpdates(refresh, channel, options.signalTypes);
  const loading = pending && !state.value && !state.error;
  return {
    value: state.value,
    error: state.error,
    previous: !!state.previous,
    loading,
    pending,
    refresh,
  };
}
