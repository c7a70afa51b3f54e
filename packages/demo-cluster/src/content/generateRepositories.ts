import fs from 'node:fs';
import path from 'node:path';
import { runGit } from '../git/runGit';
import { Change, HistoryBuilder } from './historyBuilder';
import { paymentsRepo } from './paymentsRepo';
import { reviewsRepo } from './reviewsRepo';
import { storefrontRepo } from './storefrontRepo';

interface RepoScript<Model> {
  name: string;
  initialModel: () => Model;
  render: (model: Model) => Record<string, string>;
  changes: () => Array<Change<Model>>;
}

// reviews last: the indexes of the first two are relied on (tests, e2e).
export const DEMO_REPOSITORIES = [
  storefrontRepo.name,
  paymentsRepo.name,
  reviewsRepo.name,
];

async function generate<Model>(
  root: string,
  script: RepoScript<Model>,
  now: Date,
): Promise<Map<string, string>> {
  const dir = path.join(root, script.name);
  fs.mkdirSync(dir, { recursive: true });
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', '.'], {
    cwd: dir,
  });
  await runGit(['config', 'http.receivepack', 'true'], { cwd: dir });
  const builder = new HistoryBuilder(script.initialModel(), script.render, now);
  return builder.importChanges(dir, script.changes());
}

/**
 * Writes the demo's bare repositories under `root`, their histories dated
 * relative to `now`. Resolves to change id → commit SHA, across repositories.
 */
export async function generateRepositories(
  root: string,
  now: Date,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const script of [
    storefrontRepo,
    paymentsRepo,
    reviewsRepo,
  ] as RepoScript<any>[]) {
    for (const [id, sha] of await generate(root, script, now)) ids.set(id, sha);
  }
  return ids;
}
