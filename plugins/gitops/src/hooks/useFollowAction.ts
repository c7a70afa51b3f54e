import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type {
  ActionRecordResponse,
  GitOpsActionStatus,
} from '@gitops-console/plugin-gitops-common';
import { useEffect, useRef, useState } from 'react';
import { gitopsApiRef } from '../api/GitOpsApi';

/** An `action-changed` or `deployments-changed` message (a JSON object type). */
type FollowedMessage = {
  type?: string;
  actionId?: string;
  status?: GitOpsActionStatus;
};

/** Statuses after which a record never changes again. */
export const FINAL_ACTION_STATUSES: readonly GitOpsActionStatus[] = [
  'deployed',
  'failed',
  'superseded',
];

/** Poll interval when signals are missing, and the slower one beside them. */
export const FOLLOW_POLL_MS = 3_000;
export const FOLLOW_SAFETY_POLL_MS = 10_000;
/** A dialog left open does not poll for ever: deploying takes minutes, not hours. */
export const FOLLOW_MAX_MS = 15 * 60_000;

export function isFinalStatus(status: GitOpsActionStatus): boolean {
  return FINAL_ACTION_STATUSES.includes(status);
}

/**
 * Follows one action record until it is final: a signal about it on the
 * entity's channel moves its status at once and fetches the record (for
 * its PR link or commit); a bounded poll of the record covers signals that
 * are missing or lost.
 */
export function useFollowAction(
  initial: ActionRecordResponse | undefined,
  signalChannel: string | undefined,
): { record?: ActionRecordResponse; error?: Error; timedOut: boolean } {
  const api = useApi(gitopsApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [record, setRecord] = useState(initial);
  const [error, setError] = useState<Error>();
  const [timedOut, setTimedOut] = useState(false);
  const id = initial?.id;
  const final = !!record && isFinalStatus(record.status);

  // Another record to follow starts afresh (the same one keeps its progress).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setRecord(initial), [id]);

  // Reads that answer out of order must not move the status backwards.
  const latest = useRef(0);
  const fetchRecord = useRef<() => void>(() => {});
  fetchRecord.current = () => {
    if (!id) return;
    const n = ++latest.current;
    api.getAction(id).then(
      fresh => {
        if (n !== latest.current) return;
        setRecord(fresh);
        setError(undefined);
      },
      e => n === latest.current && setError(e),
    );
  };

  useEffect(() => {
    if (!signals || !signalChannel || !id || final) return undefined;
    const subscription = signals.subscribe<FollowedMessage>(
      signalChannel,
      message => {
        if (message?.type === 'action-changed' && message.actionId === id) {
          const status = message.status;
          if (status) setRecord(r => (r ? { ...r, status } : r));
          fetchRecord.current();
        } else if (message?.type === 'deployments-changed') {
          fetchRecord.current();
        }
      },
    );
    return () => subscription.unsubscribe();
  }, [signals, signalChannel, id, final]);

  const subscribed = !!signals && !!signalChannel;
  useEffect(() => {
    if (!id || final) return undefined;
    const started = Date.now();
    const interval = setInterval(
      () => {
        if (Date.now() - started >= FOLLOW_MAX_MS) {
          clearInterval(interval);
          setTimedOut(true);
          return;
        }
        fetchRecord.current();
      },
      subscribed ? FOLLOW_SAFETY_POLL_MS : FOLLOW_POLL_MS,
    );
    return () => clearInterval(interval);
  }, [id, final, subscribed]);

  return { record, error, timedOut };
}
