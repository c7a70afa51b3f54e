import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { GITOPS_SIGNAL_CHANNEL } from '@gitops-console/plugin-gitops-common';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import {
  POLL_INTERVAL_MS,
  SIGNAL_THROTTLE_MS,
  useGitOpsUpdates,
} from './useGitOpsUpdates';

function fakeSignals() {
  const subscribers = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      subscribers.set(channel, onMessage);
      return { unsubscribe: () => subscribers.delete(channel) };
    },
  };
  const publish = (message: unknown) =>
    act(() => subscribers.get(GITOPS_SIGNAL_CHANNEL)?.(message));
  return { api, publish, subscribers };
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('useGitOpsUpdates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible');
  });

  it('refreshes on a deployments-changed signal, once per burst, and does not poll', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        {children}
      </TestApiProvider>
    );
    const { result, unmount } = renderHook(() => useGitOpsUpdates(onUpdate), {
      wrapper,
    });
    expect(result.current.live).toBe('signals');

    const change = {
      type: 'deployments-changed',
      changes: [{ cluster: 'c', namespace: 'n', name: 'x', kind: 'k' }],
    };
    signals.publish(change);
    act(() => jest.advanceTimersByTime(0));
    expect(onUpdate).toHaveBeenCalledTimes(1);

    // A burst right after: one more refresh once the throttle allows.
    signals.publish({ ...change });
    signals.publish({ ...change });
    act(() => jest.advanceTimersByTime(SIGNAL_THROTTLE_MS - 1));
    expect(onUpdate).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(1));
    expect(onUpdate).toHaveBeenCalledTimes(2);

    signals.publish({ type: 'something-else' });
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 3));
    expect(onUpdate).toHaveBeenCalledTimes(2);

    unmount();
    expect(signals.subscribers.size).toBe(0);
  });

  it('polls every 30 seconds without signals, only while the page is visible', () => {
    const onUpdate = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
    const { result, unmount } = renderHook(() => useGitOpsUpdates(onUpdate), {
      wrapper,
    });
    expect(result.current.live).toBe('polling');

    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(onUpdate).toHaveBeenCalledTimes(1);

    setVisibility('hidden');
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 5));
    expect(onUpdate).toHaveBeenCalledTimes(1);

    // Back in view: refresh at once, then keep polling.
    setVisibility('visible');
    expect(onUpdate).toHaveBeenCalledTimes(2);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(onUpdate).toHaveBeenCalledTimes(3);

    unmount();
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 5));
    expect(onUpdate).toHaveBeenCalledTimes(3);
  });
});
