/*
 * The `gitops` config pieces that backend tests on the testkit's apiserver
 * and Git server all write the same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonObject } from '@backstage/types';
import type { GitServer, TestEnvironment } from '@gitops-console/testkit';

/** A `gitops.clusters[]` entry for the testkit apiserver, or a proxy in front of it. */
export function clusterEntry(
  env: TestEnvironment,
  name: string,
  more: JsonObject & { url?: string } = {},
): JsonObject {
  return {
    name,
    url: env.server,
    token: env.adminToken,
    caData: Buffer.from(env.caPem).toString('base64'),
    environment: 'production',
    ...more,
  };
}

/**
 * `gitops.git` for the testkit Git server: its host allowed, mirrors in a
 * fresh folder of this test's own (named after `prefix`).
 */
export function plainGitConfig(
  git: GitServer,
  prefix: string,
  more: JsonObject = {},
): JsonObject {
  return {
    allowedHosts: [new URL(git.url).host],
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), `gitops-${prefix}-`)),
    ...more,
  };
}
