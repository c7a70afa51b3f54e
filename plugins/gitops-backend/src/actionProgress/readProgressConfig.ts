import type { Config } from '@backstage/config';

export interface ActionProgressConfig {
  /** `gitops.actions.prPollSeconds`, default 60. */
  prPollSeconds: number;
  /** `gitops.actions.staleAfterSeconds`, default 60. */
  staleAfterSeconds: number;
}

export const DEFAULT_PR_POLL_SECONDS = 60;
export const DEFAULT_STALE_AFTER_SECONDS = 60;

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(`gitops.actions.${key}`);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `gitops.actions.${key} must be a number of seconds above 0, got ${value}`,
    );
  }
  return value;
}

/** How often pull requests are read, and when a `requested` record is stale. */
export function readProgressConfig(config: Config): ActionProgressConfig {
  return {
    prPollSeconds: positive(config, 'prPollSeconds', DEFAULT_PR_POLL_SECONDS),
    staleAfterSeconds: positive(
      config,
      'staleAfterSeconds',
      DEFAULT_STALE_AFTER_SECONDS,
    ),
  };
}
