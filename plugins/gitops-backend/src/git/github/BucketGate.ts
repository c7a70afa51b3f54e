import { backoffMs, GithubRetryPolicy, serverWaitMs } from './retryPolicy';

/** Why a bucket is paused: a rate limit (with its reset) or failures. */
export interface BucketFailure {
  reason: string;
  /** Set for a rate limit: when GitHub said it resets. */
  resetsAt?: Date;
  status?: number;
  detail: string;
}

/** A send the gate allowed; its outcome is reported with it. */
export interface Ticket {
  kind: 'send';
  /** This send is the bucket's probe after failures. */
  probe: boolean;
  seq: number;
}

/** What a request may do now. */
export type Admission =
  /** Send (the bucket is healthy, or this request is its probe). */
  | Ticket
  /** Nothing may be sent for `waitMs`. */
  | { kind: 'wait'; waitMs: number; failure: BucketFailure }
  /** Another request is probing; `settled` resolves with its outcome. */
  | { kind: 'probing'; settled: Promise<void>; failure: BucketFailure };

interface Bucket {
  /** Failures in a row (5xx, connection failures, timeouts). */
  failures: number;
  /** Nothing is sent before this time (epoch ms). */
  until: number;
  failure: BucketFailure;
  /** The sequence number of the last failure: older sends say nothing. */
  since: number;
  probe?: { settled: Promise<void>; settle: () => void };
}

/**
 * The per-bucket (API host and credential) pause after failures and rate
 * limits. A healthy bucket lets requests through. After a failure nothing
 * is sent until the backoff (or the time GitHub named) has passed; then a
 * single request, the probe, goes first, and only its success lets the
 * others through again. So while GitHub fails, a bucket has at most one
 * request on the way, one per backoff step.
 */
export class BucketGate {
  private readonly buckets = new Map<string, Bucket>();
  private seq = 0;

  constructor(
    private readonly policy: GithubRetryPolicy,
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
    private readonly onChange?: (
      bucket: string,
      failure: BucketFailure | undefined,
    ) => void,
  ) {}

  admit(key: string): Admission {
    const bucket = this.buckets.get(key);
    if (!bucket) return { kind: 'send', probe: false, seq: this.seq };
    const now = this.now();
    if (bucket.until > now) {
      return {
        kind: 'wait',
        waitMs: bucket.until - now,
        failure: bucket.failure,
      };
    }
    if (bucket.probe) {
      return {
        kind: 'probing',
        settled: bucket.probe.settled,
        failure: bucket.failure,
      };
    }
    let settle!: () => void;
    const settled = new Promise<void>(resolve => {
      settle = resolve;
    });
    bucket.probe = { settled, settle };
    return { kind: 'send', probe: true, seq: this.seq };
  }

  /** The failure a bucket is paused for, if it is. */
  failureOf(key: string): BucketFailure | undefined {
    return this.buckets.get(key)?.failure;
  }

  /**
   * GitHub answered (anything but a failure or a rate limit): healthy
   * again, unless the request was sent before the bucket's last failure.
   */
  succeeded(key: string, ticket: Ticket): void {
    const bucket = this.buckets.get(key);
    if (!bucket || ticket.seq < bucket.since) return;
    this.buckets.delete(key);
    bucket.probe?.settle();
    this.onChange?.(key, undefined);
  }

  /** A 5xx, a connection failure or a timeout: pause for the next backoff. */
  failed(key: string, failure: BucketFailure, ticket: Ticket): void {
    const known = this.buckets.get(key);
    // Sent before the last failure: already counted by that failure.
    if (known && ticket.seq < known.since) return;
    const bucket = this.bucket(key, failure);
    bucket.since = ++this.seq;
    bucket.failures += 1;
    bucket.failure = failure;
    bucket.until = Math.max(
      bucket.until,
      this.now() + backoffMs(this.policy, bucket.failures, this.random),
    );
    if (ticket.probe) this.endProbe(bucket);
  }

  /** A rate limit: nothing is sent before GitHub's time (plus jitter). */
  limited(
    key: string,
    failure: BucketFailure & { resetsAt: Date },
    ticket?: Ticket,
  ): void {
    const bucket = this.bucket(key, failure);
    bucket.since = ++this.seq;
    bucket.failure = failure;
    const now = this.now();
    bucket.until = Math.max(
      bucket.until,
      now +
        serverWaitMs(this.policy, failure.resetsAt.getTime(), now, this.random),
    );
    if (ticket?.probe) this.endProbe(bucket);
  }

  /** Ends a probe whose outcome says nothing about GitHub (a local error). */
  release(key: string, ticket: Ticket): void {
    const bucket = this.buckets.get(key);
    if (bucket && ticket.probe) this.endProbe(bucket);
  }

  private bucket(key: string, failure: BucketFailure): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { failures: 0, until: 0, failure, since: 0 };
      this.buckets.set(key, bucket);
      this.onChange?.(key, failure);
    }
    return bucket;
  }

  private endProbe(bucket: Bucket) {
    const probe = bucket.probe;
    bucket.probe = undefined;
    probe?.settle();
  }
}
