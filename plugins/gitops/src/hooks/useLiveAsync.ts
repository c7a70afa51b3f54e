import { DependencyList, useCallback, useEffect, useState } from 'react';
import { useGitOpsUpdates } from './useGitOpsUpdates';

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
  refresh: () => void;
}

/**
 * Loads `load()` and loads it again when deployments change (signals or the
 * polling fallback). Refreshes keep showing the previous answer, so pages do
 * not flash skeletons on every update. When `deps` change, the previous
 * answer is dropped unless `keepPrevious` is set (a table that changes its
 * filters keeps its rows until the new ones arrive).
 */
export function useLiveAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: { keepPrevious?: boolean } = {},
): LiveAsyncState<T> {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [pending, setPending] = useState(true);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration(g => g + 1), []);
  const { keepPrevious } = options;

  useEffect(() => {
    if (!keepPrevious) setState({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    let current = true;
    setPending(true);
    load().then(
      value => {
        if (!current) return;
        setState({ value });
        setPending(false);
      },
      error => {
        if (!current) return;
        setState(previous => ({ value: previous.value, error }));
        setPending(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  useGitOpsUpdates(refresh);
  const loading = pending && !state.value && !state.error;
  return { ...state, loading, pending, refresh };
}
