import { createHmac, timingSafeEqual } from 'node:crypto';

/** Checks GitHub's `X-Hub-Signature-256` header against the raw body. */
export function verifyGithubSignature(
  secret: string,
  body: Buffer,
  header: string | undefined,
): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  );
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The repository URLs a push event names, in every form a CR may use. */
export function pushedRepositoryUrls(payload: any): string[] {
  const repo = payload?.repository ?? {};
  return [repo.clone_url, repo.html_url, repo.ssh_url, repo.git_url].filter(
    (u): u is string => typeof u === 'string' && u.length > 0,
  );
}
