import type {
  Deployment,
  GitOpsResourceKindName,
} from '@gitops-console/plugin-gitops-common';

const SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;
const DIGEST = /^(sha256|sha1):([0-9a-f]{12,})$/i;

/** A revision as people read it: 7 hex digits for SHAs and digests, else as is. */
export function shortRevision(revision: string | undefined): string {
  if (!revision) return '';
  if (SHA.test(revision)) return revision.slice(0, 7);
  const digest = revision.match(DIGEST);
  if (digest) return `${digest[1]}:${digest[2].slice(0, 7)}`;
  return revision;
}

/** The subject line of a commit message. */
export function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n', 1)[0].trim();
}

const MERGE_SUBJECT = /^Merge (pull request #\d+|branch '.+') from \S+$/;

/**
 * What a commit is about, in one line. A GitHub merge commit's subject only
 * names the branch ("Merge pull request #12 from acme/x"), so its title
 * (the first line of the body) is used instead, as GitHub shows it.
 */
export function commitTitle(message: string | undefined): string {
  const subject = firstLine(message);
  if (!MERGE_SUBJECT.test(subject)) return subject;
  const body = (message ?? '')
    .split('\n')
    .slice(1)
    .map(line => line.trim())
    .find(line => line.length > 0);
  return body ?? subject;
}

/** `argocd` or `flux`, as the fleet filter names the tools. */
export function toolOf(kind: GitOpsResourceKindName): 'argocd' | 'flux' {
  return kind === 'argocd-application' ? 'argocd' : 'flux';
}

export const TOOL_NAMES: Record<'argocd' | 'flux', string> = {
  argocd: 'Argo CD',
  flux: 'Flux',
};

export const KIND_NAMES: Record<GitOpsResourceKindName, string> = {
  'argocd-application': 'Argo CD Application',
  'flux-kustomization': 'Flux Kustomization',
  'flux-helmrelease': 'Flux HelmRelease',
};

/** The environment a deployment serves, or its cluster when none is set. */
export function environmentOf(d: Pick<Deployment, 'environment' | 'cluster'>) {
  return d.environment ?? d.cluster;
}

/** A label that tells deployments apart: environment, and cluster if it differs. */
export function deploymentTitle(
  d: Pick<Deployment, 'environment' | 'cluster' | 'name'>,
): string {
  return d.environment ? `${d.environment} · ${d.cluster}` : d.cluster;
}

/** The exact time in the user's locale and time zone. */
export function formatExactTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'long',
  });
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "in 2 hours", "just now". */
export function formatRelativeTime(iso: string, now: number): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.round(seconds / 60) || -1, 'minute');
}
