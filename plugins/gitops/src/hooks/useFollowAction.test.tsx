import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { gitopsApiRef } from '../api/GitOpsApi';
import { actionRecord } from '../__testUtils__/actionFixtures';
import { fakeSignals } from '../__testUtils__/fakeSignals';
import { fakeGitOpsApi } from '../__testUtils__/fixtures';
import {
  FOLLOW_MAX_MS,
  FOLLOW_POLL_MS,
  FOLLOW_SAFETY_POLL_MS,
  useFollowAction,
} from './useFollowAction';

function wrapper(apis: any[]) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis as any}>{children}</TestApiProvider>
  );
}

/** Lets the getAction promises settle under fake timers. */
const flush = () => act(async () => {});

describe('useFollowAction', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('without signals polls the record until it is final, then stops', async () => {
    const answers = ['committed', 'committed', 'deployed'] as const;
    let reads = 0;
    const getAction = jest.fn(async () =>
      actionRecord({ status: answers[reads++] }),
    );
    const initial = actionRecord({ status: 'requested' });
    const { result } = renderHook(() => useFollowAction(initial, 'ch'), {
      wrapper: wrapper([[gitopsApiRef, fakeGitOpsApi({ getAction })]]),
    });
    expect(result.current.record?.status).toBe('requested');
    for (let i = 0; i < 3; i++) {
      act(() => jest.advanceTimersByTime(FOLLOW_POLL_MS));
      await flush();
    }
    expect(result.current.record?.status).toBe('deployed');
    act(() => jest.advanceTimersByTime(FOLLOW_POLL_MS * 10));
    await flush();
    expect(getAction).toHaveBeenCalledTimes(3);
  });

  it('gives up polling after a bounded time and says so', async () => {
    const getAction = jest.fn(async () => actionRecord({ status: 'pr-open' }));
    const signals = fakeSignals();
    const { result } = renderHook(
      () => useFollowAction(actionRecord({ status: 'pr-open' }), 'ch'),
      {
        wrapper: wrapper([
          [gitopsApiRef, fakeGitOpsApi({ getAction })],
          [signalApiRef, signals.api],
        ]),
      },
    );
    // With signals, only the slow safety poll runs.
    act(() => jest.advanceTimersByTime(FOLLOW_SAFETY_POLL_MS));
    await flush();
    expect(getAction).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(FOLLOW_MAX_MS));
    await flush();
    expect(result.current.timedOut).toBe(true);
    const calls = getAction.mock.calls.length;
    expect(calls).toBeLessThanOrEqual(
      FOLLOW_MAX_MS / FOLLOW_SAFETY_POLL_MS + 1,
    );
    act(() => jest.advanceTimersByTime(FOLLOW_MAX_MS));
    expect(getAction).toHaveBeenCalledTimes(calls);
  });

  it('moves the status at once on its own signal, ignoring older answers', async () => {
    let resolve: (v: any) => void = () => {};
    const getAction = jest.fn(() => new Promise<any>(r => (resolve = r)));
    const signals = fakeSignals();
    const { result } = renderHook(
      () => useFollowAction(actionRecord({ status: 'committed' }), 'ch'),
      {
        wrapper: wrapper([
          [gitopsApiRef, fakeGitOpsApi({ getAction })],
          [signalApiRef, signals.api],
        ]),
      },
    );
    signals.publish('ch', {
      type: 'action-changed',
      actionId: 'act-1',
      status: 'merged',
    });
    expect(result.current.record?.status).toBe('merged');
    const first = resolve;
    signals.publish('ch', {
      type: 'action-changed',
      actionId: 'act-1',
      status: 'deployed',
    });
    resolve(actionRecord({ status: 'deployed' }));
    await flush();
    // The slower first read answers last with what was true then.
    first(actionRecord({ status: 'merged' }));
    await flush();
    expect(result.current.record?.status).toBe('deployed');
  });
});
