import { createHash } from 'node:crypto';

/** Where the facade lives and which repository an answer is about. */
export interface RepoContext {
  /** The facade's base URL, e.g. http://127.0.0.1:4321 (like https://api.github.com). */
  api: string;
  /** Base for html_url links (GitHub's web UI has no counterpart here). */
  web: string;
  owner: string;
  name: string;
  defaultBranch: string;
}

export function repoApiUrl(ctx: RepoContext) {
  return `${ctx.api}/repos/${ctx.owner}/${ctx.name}`;
}

export function repoWebUrl(ctx: RepoContext) {
  return `${ctx.web}/${ctx.owner}/${ctx.name}`;
}

/** A stable positive integer id derived from any string. */
export function stableId(seed: string): number {
  return createHash('sha1').update(seed).digest().readUInt32BE(0) & 0x7fffffff;
}

/** A GitHub-looking global node id. */
export function nodeId(kind: string, seed: string): string {
  return Buffer.from(`${kind}:${stableId(seed)}`).toString('base64');
}
