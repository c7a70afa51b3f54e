import fs from 'node:fs';
import path from 'node:path';
import { ScriptedRepository, startGitHubFacade } from '@gitops-console/testkit';
import {
  REVIEWS_GITHUB_REPO,
  REVIEWS_REPO,
  ReviewsCi,
  reviewsCiScript,
} from '../content/reviewsRepo';
import { postCiResults } from './postCiResults';

/** The token the demo's GitHub API accepts (app-config.yaml sends it). */
export const DEMO_GITHUB_TOKEN = 'demo-github-token';

export interface DemoGitHubOptions {
  /** The demo Git server's folder of bare repositories. */
  gitRoot: string;
  /** The demo Git server's URL, which the API gives as clone_url. */
  gitUrl: string;
  /** Where the CI results are kept between runs (`<dataDir>/github/ci.json`). */
  dataDir: string;
  /** Change id → SHA of freshly generated repositories; undefined when kept. */
  changeIds?: Map<string, string>;
  /** 0 (the default) picks a free one; the CLI uses 7445. */
  port?: number;
  token?: string;
}

export interface DemoGitHub {
  /** The API base URL, used like https://api.github.com. */
  url: string;
  token: string;
  /** "owner/name" of the repositories it serves. */
  repositories: string[];
  /** SHA → what CI reported for it. */
  ciResults: Map<string, ReviewsCi>;
  stop(): Promise<void>;
}

function ciResultsOf(
  file: string,
  changeIds: Map<string, string> | undefined,
): Map<string, ReviewsCi> {
  if (!changeIds) {
    // Kept state: the same commits as the run that wrote the file.
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
      string,
      ReviewsCi
    >;
    return new Map(Object.entries(saved));
  }
  const results = new Map<string, ReviewsCi>();
  for (const [id, ci] of reviewsCiScript()) {
    const sha = changeIds.get(id);
    if (!sha)
      throw new Error(`the reviews CI script names an unknown change: ${id}`);
    results.set(sha, ci);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries(results)));
  return results;
}

/**
 * The demo's GitHub: testkit's GitHub-compatible REST facade over the demo
 * repositories that are "on GitHub" (acme-shop/reviews-deploy), with the
 * CI results of their commits posted to it as CI would post them. The
 * facade keeps them in memory, so each start posts them again.
 */
export async function startDemoGitHub(
  options: DemoGitHubOptions,
): Promise<DemoGitHub> {
  const token = options.token ?? DEMO_GITHUB_TOKEN;
  const repository = new ScriptedRepository(
    REVIEWS_GITHUB_REPO,
    path.join(options.gitRoot, REVIEWS_REPO),
    `${options.gitUrl}/${REVIEWS_REPO}`,
    `${options.gitUrl}/${REVIEWS_REPO}`,
  );
  const facade = await startGitHubFacade({
    git: {
      repository: name =>
        name === repository.fullName ? repository : undefined,
    },
    token,
    port: options.port,
    // The demo runs for hours; nobody reads the answers back.
    recordServed: false,
  });
  try {
    const ciResults = ciResultsOf(
      path.join(options.dataDir, 'github', 'ci.json'),
      options.changeIds,
    );
    for (const [sha, result] of ciResults) {
      await postCiResults(
        { apiUrl: facade.url, token, repository: REVIEWS_GITHUB_REPO },
        sha,
        result,
      );
    }
    return {
      url: facade.url,
      token,
      repositories: [REVIEWS_GITHUB_REPO],
      ciResults,
      stop: () => facade.stop(),
    };
  } catch (error) {
    await facade.stop();
    throw error;
  }
}
