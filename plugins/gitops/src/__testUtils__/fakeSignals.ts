import type { SignalApi } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

/**
 * A SignalApi that records subscriptions per channel and lets a test
 * publish on one, as the signals backend would after a change.
 */
export function fakeSignals() {
  const subscribers = new Map<
    number,
    { channel: string; on: (m: any) => void }
  >();
  let next = 0;
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      const id = next++;
      subscribers.set(id, { channel, on: onMessage });
      return { unsubscribe: () => subscribers.delete(id) };
    },
  };
  const publish = (channel: string, message: unknown) =>
    act(() => {
      for (const s of [...subscribers.values()]) {
        if (s.channel === channel) s.on(message);
      }
    });
  /** The channels subscribed to now, once each. */
  const channels = () => [
    ...new Set([...subscribers.values()].map(s => s.channel)),
  ];
  return { api, publish, channels };
}
