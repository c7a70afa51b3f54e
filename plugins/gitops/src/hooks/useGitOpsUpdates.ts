import { useSignal } from '@backstage/plugin-signals-react';
import { GITOPS_SIGNAL_CHANNEL } from '@gitops-console/plugin-gitops-common';
import { useEffect, useRef } from 'react';
import { usePageVisible } from './usePageVisible';

/** A message on the GitOps channel; only its type is read. */
type SignalMessage = { type?: string };

/** How often pages poll when the app has no signals. */
export const POLL_INTERVAL_MS = 30_000;
/** Bursts of signals (one sync touches a CR several times) cause one refresh. */
export const SIGNAL_THROTTLE_MS = 2_000;

/**
 * Calls `onUpdate` when the backend announces changed deployments through
 * Backstage signals. Without signals it polls instead, only while the page
 * is visible, and once as soon as a hidden page becomes visible again.
 *
 * Every signal counts: the backend caches each entity's answer and drops
 * only the changed ones, so a refresh of an unaffected view is cheap, and it
 * also picks up resources that newly match the entity's annotations.
 */
export function useGitOpsUpdates(onUpdate: () => void): {
  live: 'signals' | 'polling';
} {
  const { lastSignal, isSignalsAvailable } = useSignal<SignalMessage>(
    GITOPS_SIGNAL_CHANNEL,
  );
  const visible = usePageVisible();
  const callback = useRef(onUpdate);
  callback.current = onUpdate;

  const lastRun = useRef(0);
  useEffect(() => {
    if (!lastSignal || lastSignal.type !== 'deployments-changed') {
      return undefined;
    }
    const wait = Math.max(0, lastRun.current + SIGNAL_THROTTLE_MS - Date.now());
    const timer = setTimeout(() => {
      lastRun.current = Date.now();
      callback.current();
    }, wait);
    return () => clearTimeout(timer);
  }, [lastSignal]);

  const wasVisible = useRef(visible);
  useEffect(() => {
    if (isSignalsAvailable || !visible) {
      wasVisible.current = visible;
      return undefined;
    }
    if (!wasVisible.current) callback.current();
    wasVisible.current = true;
    const timer = setInterval(() => callback.current(), POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, visible]);

  return { live: isSignalsAvailable ? 'signals' : 'polling' };
}
