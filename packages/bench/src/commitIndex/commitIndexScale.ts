/*
 * The commit index at scale (docs/git-history.md): 12,000 deployments over
 * a repository of 5,000 commits (merges included), each deployment's Git
 * facts (render inputs from real kustomization files, pending commits,
 * last change) computed through the GitService, with the CPU time taken.
 * It prints the figures and checks the answers against a brute-force count
 * on a sample; it exits non-zero when one differs.
 *
 *   yarn workspace @gitops-console/bench commit-index
 *
 * (Run with `node --expose-gc` for the heap figure per commit.)
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { runGit } from '@gitops-console/testkit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
/* eslint-disable @backstage/no-relative-monorepo-imports -- internals of the
   GitOps backend, measured here rather than in a skipped unit test */
import { readGitSourceFacts } from '../../../../plugins/gitops-backend/src/deployments/gitFacts';
import { GitService } from '../../../../plugins/gitops-backend/src/git/GitService';
import { fileTouches } from '../../../../plugins/gitops-backend/src/git/commitIndex/CommitLine';
/* eslint-enable @backstage/no-relative-monorepo-imports */

const quiet: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quiet,
};

function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`commit index at scale: ${what} does not hold`);
}

const APPS = 1000;
const ENVS = ['dev', 'staging', 'production'];
const COMMITS = 5000;
const DEPLOYMENTS = 12_000;

/** A fast-import stream: each app has a base and three overlays. */
function history(): string {
  const out: string[] = [];
  let mark = 0;
  let time = 1_700_000_000;
  const kustomization = (resources: string[]) =>
    `resources:\n${resources.map(r => `  - ${r}\n`).join('')}`;
  const commit = (
    branch: string,
    message: string,
    files: Record<string, string>,
    parents: number[],
  ) => {
    mark += 1;
    time += 60;
    out.push(
      `commit refs/heads/${branch}`,
      `mark :${mark}`,
      `author Bench <bench@example.com> ${time} +0000`,
      `committer Bench <bench@example.com> ${time} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
    );
    if (parents.length > 0) out.push(`from :${parents[0]}`);
    for (const p of parents.slice(1)) out.push(`merge :${p}`);
    for (const [file, content] of Object.entries(files)) {
      out.push(
        `M 100644 inline ${file}`,
        `data ${Buffer.byteLength(content)}`,
        content,
      );
    }
    out.push('');
    return mark;
  };
  const layout: Record<string, string> = {};
  for (let a = 0; a < APPS; a++) {
    layout[`apps/app-${a}/base/kustomization.yaml`] = kustomization([
      'deploy.yaml',
    ]);
    layout[`apps/app-${a}/base/deploy.yaml`] = 'replicas: 1\n';
    for (const env of ENVS) {
      layout[`apps/app-${a}/overlays/${env}/kustomization.yaml`] =
        kustomization(['../../base', 'patch.yaml']);
      layout[`apps/app-${a}/overlays/${env}/patch.yaml`] = 'replicas: 2\n';
    }
  }
  let main = commit('main', 'layout', layout, []);
  let n = 1;
  while (n < COMMITS) {
    const a = n % APPS;
    if (n % 50 === 0) {
      // A pull request of two commits, merged.
      let side = commit(
        'feature',
        `app-${a}: one`,
        { [`apps/app-${a}/base/deploy.yaml`]: `replicas: ${n}\n` },
        [main],
      );
      side = commit(
        'feature',
        `app-${a}: two`,
        { [`apps/app-${a}/overlays/dev/patch.yaml`]: `replicas: ${n}\n` },
        [side],
      );
      main = commit(
        'main',
        `Merge pull request #${n} from acme/feature\n\napp-${a}`,
        {},
        [main, side],
      );
      n += 3;
      continue;
    }
    const env = ENVS[n % ENVS.length];
    const file =
      n % 7 === 0
        ? `apps/app-${a}/base/deploy.yaml`
        : `apps/app-${a}/overlays/${env}/patch.yaml`;
    main = commit(
      'main',
      `app-${a}: change ${n}`,
      { [file]: `replicas: ${n}\n` },
      [main],
    );
    n += 1;
  }
  return `${out.join('\n')}\n`;
}

async function runScale() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-scale-'));
  const repoDir = path.join(dir, 'repo.git');
  await runGit(['init', '--bare', '-q', repoDir]);
  await runGit(['--git-dir', repoDir, 'fast-import', '--quiet'], {
    input: history(),
  });
  const repoUrl = `file://${repoDir}`;
  const git = GitService.fromConfig(
    new ConfigReader({
      gitops: {
        git: {
          allowedHosts: [`file://${dir}`],
          fetchIntervalSeconds: 3600,
        },
      },
    }),
    { logger: quiet },
  );
  try {
    (global as any).gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const line = await git.line(repoUrl, 'main');
    const indexCpu = process.cpuUsage(cpu0);
    const indexMs = Date.now() - t0;
    (global as any).gc?.();
    const indexBytes = process.memoryUsage().heapUsed - heap0;

    const cpu1 = process.cpuUsage();
    const t1 = Date.now();
    const queries = Array.from({ length: DEPLOYMENTS }, (_, i) => ({
      repoUrl,
      ref: 'main',
      path: `apps/app-${i % APPS}/overlays/${
        ENVS[Math.floor(i / APPS) % ENVS.length]
      }`,
      deployedSha: line.at(Math.floor((line.length * (i % 97)) / 97)).sha,
    }));
    const results: Array<Awaited<ReturnType<typeof readGitSourceFacts>>> = [];
    for (const query of queries)
      results.push(await readGitSourceFacts(git, query));
    const factsCpu = process.cpuUsage(cpu1);
    const factsMs = Date.now() - t1;
    const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
    // A second pass, as a rebuild of every view after a change would be.
    const cpu2 = process.cpuUsage();
    const t2 = Date.now();
    const processes = git.stats().gitProcesses;
    for (const query of queries) await readGitSourceFacts(git, query);
    const warmCpu = process.cpuUsage(cpu2);
    const warmMs = Date.now() - t2;
    check(
      git.stats().gitProcesses === processes,
      'a warm pass spawns no git process',
    );

    process.stdout.write(
      `${[
        `commit index: ${line.length} commits on the line, ${
          git.index.size().commits
        } indexed`,
        `  index: ${indexMs} ms wall, ${cpuSeconds(indexCpu).toFixed(
          2,
        )} s CPU, ~${Math.round(
          indexBytes / git.index.size().commits,
        )} bytes of heap per commit`,
        `  ${DEPLOYMENTS} deployments: ${factsMs} ms wall, ${cpuSeconds(
          factsCpu,
        ).toFixed(2)} s CPU`,
        `  again, warm: ${warmMs} ms wall, ${cpuSeconds(warmCpu).toFixed(
          2,
        )} s CPU, no git process`,
        `  git processes: ${git.stats().gitProcesses}`,
        `  heap used: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
      ].join('\n')}\n`,
    );

    // The answers hold: pending equals a brute-force count on a sample.
    for (let i = 0; i < DEPLOYMENTS; i += 997) {
      const query = queries[i];
      const app = query.path.split('/')[1];
      const inputs = [query.path, `apps/${app}/base`];
      const deployedAt = line.positionOf(query.deployedSha)!;
      const expected = line.commits
        .slice(deployedAt + 1)
        .filter(c => c.files.some(f => fileTouches(f, inputs)))
        .reverse()
        .slice(0, 20)
        .map(c => c.sha);
      check(results[i].error === undefined, `${query.path}: no error`);
      check(
        inputs.every(p => results[i].renderInputs?.paths.includes(p)),
        `${query.path}: render inputs ${inputs.join(', ')}`,
      );
      check(
        JSON.stringify(results[i].pendingCommits.map(c => c.sha)) ===
          JSON.stringify(expected),
        `${query.path}: pending commits equal a brute-force count`,
      );
    }
  } finally {
    await git.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runScale().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
