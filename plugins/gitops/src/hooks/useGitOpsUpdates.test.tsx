import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import {
  POLL_INTERVAL_MS,
  SAFETY_POLL_INTERVAL_MS,
  SIGNAL_THROTTLE_MS,
  useGitOpsUpdates,
} from './useGitOpsUpdates';
import { fakeSignals } from '../__testUtils__/fakeSignals';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

function withSignals(api: SignalApi | undefined) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={(api ? [[signalApiRef, api]] : []) as any}>
      {children}
    </TestApiProvider>
  );
}

const CHANNEL = 'gitops:entity:0f3a9c';

describe('useGitOpsUpdates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible');
  });

  it('follows the given opaque channel, once per burst of notices', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    const { result, unmount } = renderHook(
      () => useGitOpsUpdates(onUpdate, CHANNEL),
      { wrapper: withSignals(signals.api) },
    );
    expect(result.current.live).toBe('signals');
    expect(signals.channels()).toEqual([CHANNEL]);

    signals.publish(CHANNEL, { type: 'deployments-changed' });
    act(() => jest.advanceTimersByTime(0));
    expect(onUpdate).toHaveBeenCalledTimes(1);

    // A burst right after: one more refresh once the throttle allows.
    signals.publish(CHANNEL, { type: 'deployments-changed' });
    signals.publish(CHANNEL, { type: 'deployments-changed' });
    act(() => jest.advanceTimersByTime(SIGNAL_THROTTLE_MS - 1));
    expect(onUpdate).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(1));
    expect(onUpdate).toHaveBeenCalledTimes(2);

    // Other messages and other channels do nothing.
    signals.publish(CHANNEL, { type: 'something-else' });
    signals.publish('gitops:deployments', { type: 'deployments-changed' });
    // (the safety poll started with the hook, SIGNAL_THROTTLE_MS ago)
    act(() =>
      jest.advanceTimersByTime(
        SAFETY_POLL_INTERVAL_MS - SIGNAL_THROTTLE_MS - 1,
      ),
    );
    expect(onUpdate).toHaveBeenCalledTimes(2);

    unmount();
    expect(signals.channels()).toEqual([]);
  });

  it('moves to a new channel when the answer names another one', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    const { rerender } = renderHook(
      ({ channel }) => useGitOpsUpdates(onUpdate, channel),
      {
        wrapper: withSignals(signals.api),
        initialProps: { channel: CHANNEL },
      },
    );
    rerender({ channel: 'gitops:entity:other' });
    expect(signals.channels()).toEqual(['gitops:entity:other']);
  });

  it('with signals, still polls slowly, and refreshes when the browser comes back online', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    renderHook(() => useGitOpsUpdates(onUpdate, CHANNEL), {
      wrapper: withSignals(signals.api),
    });
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(onUpdate).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(SAFETY_POLL_INTERVAL_MS));
    expect(onUpdate).toHaveBeenCalledTimes(1);

    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(onUpdate).toHaveBeenCalledTimes(2);
  });

  it('with signals, refreshes when a hidden tab shows again (its connection may have dropped)', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    renderHook(() => useGitOpsUpdates(onUpdate, CHANNEL), {
      wrapper: withSignals(signals.api),
    });
    setVisibility('hidden');
    act(() => jest.advanceTimersByTime(SAFETY_POLL_INTERVAL_MS * 3));
    expect(onUpdate).not.toHaveBeenCalled();
    setVisibility('visible');
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });

  it('polls every 30 seconds while no channel is known yet', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    const { result } = renderHook(() => useGitOpsUpdates(onUpdate, undefined), {
      wrapper: withSignals(signals.api),
    });
    expect(result.current.live).toBe('polling');
    expect(signals.channels()).toEqual([]);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });

  it('polls every 30 seconds without signals, only while the page is visible', () => {
    const onUpdate = jest.fn();
    const { result, unmount } = renderHook(
      () => useGitOpsUpdates(onUpdate, CHANNEL),
      { wrapper: withSignals(undefined) },
    );
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
