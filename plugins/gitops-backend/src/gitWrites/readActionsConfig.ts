import { Config } from '@backstage/config';
import { parseRepoUrl } from '../git/repoUrl';

/** How a change reaches the repository. */
export type DeliveryMode = 'pull-request' | 'branch' | 'direct';

/** The author and committer of the commits the console makes. */
export interface BotIdentity {
  name: string;
  email: string;
}

export interface ActionsGitRule {
  urlPrefix: string;
  mode: DeliveryMode;
}

/** The `gitops.actions` section as the Git writes use it, defaults applied. */
export interface ActionsGitConfig {
  /** Per repository URL prefix; the longest matching prefix wins. */
  rules: ActionsGitRule[];
  botIdentity: BotIdentity;
  /** Case-insensitive; matched against commit messages. */
  riskyCommitPattern: RegExp;
}

export const DEFAULT_BOT_IDENTITY: BotIdentity = {
  name: 'GitOps Console',
  email: 'gitops-console@noreply',
};
export const DEFAULT_RISKY_COMMIT_PATTERN = 'migration|schema';

const MODES: DeliveryMode[] = ['pull-request', 'branch', 'direct'];
// "Name <email>", as git prints an identity.
const IDENTITY = /^\s*([^<>]*[^<>\s])\s*<([^<>\s]+)>\s*$/;

function parseIdentity(value: string, key: string): BotIdentity {
  const match = IDENTITY.exec(value);
  if (!match) {
    throw new Error(
      `${key} must be written 'Name <email>', e.g. 'GitOps Console <gitops-console@noreply>'; got '${value}'`,
    );
  }
  return { name: match[1], email: match[2] };
}

function readIdentity(config: Config | undefined): BotIdentity {
  const key = 'gitops.actions.botIdentity';
  if (!config?.has('botIdentity')) return DEFAULT_BOT_IDENTITY;
  const raw = config.get('botIdentity');
  if (typeof raw === 'string') return parseIdentity(raw, key);
  const identity = config.getConfig('botIdentity');
  const name = identity.getString('name').trim();
  const email = identity.getString('email').trim();
  if (!name || !email || /[<>\n]/.test(name + email)) {
    throw new Error(
      `${key} needs a non-empty name and email without < > or line breaks`,
    );
  }
  return { name, email };
}

function readPattern(config: Config | undefined): RegExp {
  const key = 'gitops.actions.riskyCommitPattern';
  const source =
    config?.getOptionalString('riskyCommitPattern') ??
    DEFAULT_RISKY_COMMIT_PATTERN;
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new Error(
      `${key} is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

/** A prefix in the form of `parseRepoUrl(...).key`; a bare host is allowed. */
function normalizePrefix(prefix: string): string {
  const url = new URL(prefix);
  if (url.pathname.replace(/\/+$/, '') === '' && url.protocol !== 'file:') {
    return `${url.protocol}//${url.host.toLowerCase()}`;
  }
  return parseRepoUrl(prefix).key;
}

function readRules(config: Config | undefined): ActionsGitRule[] {
  const entries = config?.getOptionalConfigArray('git') ?? [];
  return entries.map((entry, index) => {
    const key = `gitops.actions.git[${index}]`;
    const urlPrefix = entry.getString('urlPrefix').trim();
    const mode = entry.getString('mode') as DeliveryMode;
    if (!MODES.includes(mode)) {
      throw new Error(
        `${key}.mode must be one of ${MODES.join(', ')}; got '${mode}'`,
      );
    }
    try {
      normalizePrefix(urlPrefix);
    } catch (error) {
      throw new Error(`${key}.urlPrefix: ${(error as Error).message}`);
    }
    return { urlPrefix, mode };
  });
}

/** Reads `gitops.actions.{git, botIdentity, riskyCommitPattern}`. */
export function readActionsConfig(config: Config): ActionsGitConfig {
  const actions = config.getOptionalConfig('gitops.actions');
  return {
    rules: readRules(actions),
    botIdentity: readIdentity(actions),
    riskyCommitPattern: readPattern(actions),
  };
}

/**
 * The delivery mode for a repository: the longest `urlPrefix` that the
 * repository's normalised URL starts with, else `pull-request` on GitHub
 * and `branch` on plain Git. `pull-request` is only possible on GitHub,
 * so a plain Git repository configured so is delivered as a branch.
 */
export function deliveryModeFor(
  config: ActionsGitConfig,
  repoUrl: string,
  provider: 'github' | 'git',
): DeliveryMode {
  const key = parseRepoUrl(repoUrl).key;
  let best: ActionsGitRule | undefined;
  let bestLength = -1;
  for (const rule of config.rules) {
    const prefix = normalizePrefix(rule.urlPrefix);
    // Whole path segments only: `acme` does not match `acme-other`.
    const matches = key === prefix || key.startsWith(`${prefix}/`);
    if (matches && prefix.length > bestLength) {
      bestLength = prefix.length;
      best = rule;
    }
  }
  const mode =
    best?.mode ?? (provider === 'github' ? 'pull-request' : 'branch');
  return provider === 'git' && mode === 'pull-request' ? 'branch' : mode;
}
