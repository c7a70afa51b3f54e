import type { Config } from '@backstage/config';

export interface ActionProgressConfig {
  /** `gitops.actions.prPollSeconds`, default 60. */
  prPollSeconds: number;
  /** `gitops.actions.staleAfterSeconds`, default 60, at least 30. */
  staleAfterSeconds: number;
}

export const DEFAULT_PR_POLL_SECONDS = 60;
export const DEFAULT_STALE_AFTER_SECONDS = 60;
/**
 * A live process renews its claim every 10 s while it writes (the actions
 * service). A bound close to that would let a finisher take over records
 * still being written, and two writers would then race on one branch.
 */
export const MIN_STALE_AFTER_SECONDS = 30;

function seconds(
  config: Config,
  key: string,
  fallback: number,
  min: number,
): number {
  const value = config.getOptionalNumber(`gitops.actions.${key}`);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value < min) {
    throw new Error(
      `gitops.actions.${key} must be a number of seconds ${
        min > 0 ? `of at least ${min}` : 'above 0'
      }, got ${value}`,
    );
  }
  return value;
}

/** How often pull requests are read, and when a `requested` record is stale. */
export function readProgressConfig(config: Config): ActionProgressConfig {
  return {
    prPollSeconds: seconds(config, 'prPollSeconds', DEFAULT_PR_POLL_SECONDS, 0),
    staleAfterSeconds: seconds(
      config,
      'staleAfterSeconds',
      DEFAULT_STALE_AFTER_SECONDS,
      MIN_STALE_AFTER_SECONDS,
    ),
  };
}
