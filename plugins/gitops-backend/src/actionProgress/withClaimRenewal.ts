import type { ActionRecordStore } from '../actionRecords';
import { DEFAULT_STALE_AFTER_SECONDS } from './readProgressConfig';

export interface ClaimRenewalOptions {
  /** Milliseconds between renewals; default a third of the stale bound (20 s). */
  everyMs?: number;
  /** Told once when a renewal found the claim lost (another process took the record). */
  onLost?: () => void;
}

/**
 * Runs `fn` while renewing `owner`'s claim on a `requested` record, so a
 * slow clone or push is not taken for a dead process by a finisher. The
 * renewals stop when `fn` settles; its result or error passes through. A
 * lost claim does not stop `fn` (the Git writers are idempotent by action
 * id, so the other process's attempt finds this one's commit), it is only
 * reported.
 */
export async function withClaimRenewal<T>(
  store: Pick<ActionRecordStore, 'renewClaim'>,
  id: string,
  owner: string,
  fn: () => Promise<T>,
  options: ClaimRenewalOptions = {},
): Promise<T> {
  const everyMs = options.everyMs ?? (DEFAULT_STALE_AFTER_SECONDS * 1000) / 3;
  let lost = false;
  let renewing: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = store
      .renewClaim(id, owner)
      .then(held => {
        if (!held && !lost) {
          lost = true;
          options.onLost?.();
        }
      })
      .catch(() => {
        // A database hiccup: the next renewal tries again, well inside the bound.
      })
      .finally(() => {
        renewing = undefined;
      });
  }, everyMs);
  timer.unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
