import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import { usePageVisible } from './usePageVisible';

/** A message on a GitOps channel; only its type is read, it names nothing. */
type SignalMessage = { type?: string };

/** How often pages poll when the app has no signals (or no channel yet). */
export const POLL_INTERVAL_MS = 30_000;
/**
 * With signals, a slow poll still runs: the signals client reconnects its
 * WebSocket without telling anyone, and a notice sent while it was down is
 * lost. This bounds how long such a page can stay stale.
 */
export const SAFETY_POLL_INTERVAL_MS = 60_000;
/** Bursts of signals (one sync touches a CR several times) cause one refresh. */
export const SIGNAL_THROTTLE_MS = 2_000;

const DEPLOYMENT_CHANGES: readonly string[] = ['deployments-changed'];

/**
 * Calls `onUpdate` when the backend announces a change on `channel` through
 * Backstage signals. The channel is opaque (the entity's answer names it) and
 * its messages carry no names: the page refetches with its own credentials.
 *
 * Because the signals client exposes no connection state, the page also
 * refetches whenever a missed notice is likely: when signals become
 * available again, when the browser comes back online, when a hidden tab
 * becomes visible, and on a slow safety poll. Without signals, or before the
 * channel is known, it polls every 30 s while the page is visible.
 */
export function useGitOpsUpdates(
  onUpdate: () => void,
  channel: string | undefined,
  /** The message types that call for a refresh; deployment changes by default. */
  types: readonly string[] = DEPLOYMENT_CHANGES,
): { live: 'signals' | 'polling' } {
  const signals = useApiHolder().get(signalApiRef);
  const isSignalsAvailable = !!signals;
  const subscribed = isSignalsAvailable && !!channel;
  const visible = usePageVisible();
  const callback = useRef(onUpdate);
  callback.current = onUpdate;
  const wanted = useRef(types);
  wanted.current = types;

  // Signals: one refresh per burst.
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (!signals || !channel) return undefined;
    const subscription = signals.subscribe<SignalMessage>(channel, message => {
      if (!wanted.current.includes(message?.type ?? '') || timer.current) {
        return;
      }
      const wait = Math.max(
        0,
        lastRun.current + SIGNAL_THROTTLE_MS - Date.now(),
      );
      timer.current = setTimeout(() => {
        timer.current = undefined;
        lastRun.current = Date.now();
        callback.current();
      }, wait);
    });
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [signals, channel]);

  // Signals that come back after being unavailable: a notice may be lost.
  const wasAvailable = useRef(isSignalsAvailable);
  useEffect(() => {
    if (isSignalsAvailable && !wasAvailable.current) callback.current();
    wasAvailable.current = isSignalsAvailable;
  }, [isSignalsAvailable]);

  // Back online: the connection (signals or not) may have missed changes.
  useEffect(() => {
    const onOnline = () => callback.current();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);

  // Polling, only while visible; once at once when a hidden page shows again.
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (!visible) {
      wasVisible.current = false;
      return undefined;
    }
    if (!wasVisible.current) callback.current();
    wasVisible.current = true;
    const interval = setInterval(
      () => callback.current(),
      subscribed ? SAFETY_POLL_INTERVAL_MS : POLL_INTERVAL_MS,
    );
    return () => clearInterval(interval);
  }, [subscribed, visible]);

  return { live: subscribed ? 'signals' : 'polling' };
}
