/**
 * A revision as CD tools report it, normalised for comparison.
 *
 * @public
 */
export interface ParsedRevision {
  /** The Git commit SHA, when the revision names one. */
  sha?: string;
  /** An OCI or Helm artifact digest, `sha256:<hex>`. */
  digest?: string;
  /** The branch or tag, without `refs/heads/` or `refs/tags/`. */
  ref?: string;
  /** A chart version or other opaque revision (for example `1.4.2`). */
  version?: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
const DIGEST = /^sha(256|512):[0-9a-f]+$/i;

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/**
 * Normalises the revision forms Argo CD and Flux use:
 * `<ref>@sha1:<sha>`, `refs/heads/<b>@sha1:<sha>`, `sha1:<sha>`,
 * `<ref>/<sha>` (Flux's old form), a bare SHA, `<ref>@sha256:<digest>`,
 * `sha256:<digest>`, and tags or chart versions.
 *
 * @public
 */
export function parseRevision(raw: string | undefined | null): ParsedRevision {
  const value = raw?.trim();
  if (!value) return {};

  const at = value.lastIndexOf('@');
  const [ref, hash] =
    at > 0 ? [value.slice(0, at), value.slice(at + 1)] : [undefined, value];

  // A malformed hash (`main@sha1:`, `sha1:4`) names no commit: a short or
  // empty SHA would equal every commit sharing its prefix.
  if (hash.startsWith('sha1:') && SHA.test(hash.slice('sha1:'.length))) {
    const sha = hash.slice('sha1:'.length).toLowerCase();
    return ref ? { sha, ref: shortRef(ref) } : { sha };
  }
  if (DIGEST.test(hash)) {
    const digest = hash.toLowerCase();
    return ref ? { digest, ref: shortRef(ref) } : { digest };
  }
  if (ref) {
    // `@` inside something that is not a hash, e.g. a tag such as `v1@rc`.
    return { version: value };
  }
  if (FULL_SHA.test(value)) return { sha: value.toLowerCase() };

  const slash = value.lastIndexOf('/');
  if (slash > 0) {
    const tail = value.slice(slash + 1);
    if (FULL_SHA.test(tail)) {
      return { sha: tail.toLowerCase(), ref: shortRef(value.slice(0, slash)) };
    }
  }
  if (SHA.test(value) && /[a-f]/i.test(value) && /\d/.test(value)) {
    // An abbreviated SHA: hex with both letters and digits.
    return { sha: value.toLowerCase() };
  }
  return { version: value };
}

/**
 * Whether two revisions name the same commit or artifact. SHAs match on
 * their common prefix, so an abbreviated SHA equals its full form.
 *
 * @public
 */
export function sameRevision(a: ParsedRevision, b: ParsedRevision): boolean {
  if (a.sha && b.sha) {
    const n = Math.min(a.sha.length, b.sha.length);
    return a.sha.slice(0, n) === b.sha.slice(0, n);
  }
  if (a.digest && b.digest) return a.digest === b.digest;
  if (a.version && b.version) return a.version === b.version;
  return false;
}

/**
 * The key a revision is compared by: its SHA, digest or version.
 *
 * @public
 */
export function revisionKey(revision: ParsedRevision): string | undefined {
  return revision.sha ?? revision.digest ?? revision.version;
}
