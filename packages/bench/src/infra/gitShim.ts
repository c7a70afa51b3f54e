import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Counts the git processes the backend spawns: a `git` first on the
 * backend's PATH that appends its arguments to a log and execs the real git.
 * Independent of any counter the backend itself reports.
 */

export interface GitShim {
  /** Prepend to PATH. */
  binDir: string;
  /** Processes spawned so far, by subcommand (fetch, cat-file, log, ...). */
  count(): { total: number; bySubcommand: Record<string, number> };
}

function realGit(): string {
  return execFileSync('sh', ['-c', 'command -v git'], {
    encoding: 'utf8',
  }).trim();
}

/** The git subcommand of an argument list: the first word that is not an option. */
export function subcommandOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (
      arg === '-C' ||
      arg === '-c' ||
      arg === '--git-dir' ||
      arg === '--work-tree'
    ) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return '(none)';
}

export function createGitShim(dir: string): GitShim {
  const binDir = path.join(dir, 'git-shim');
  fs.mkdirSync(binDir, { recursive: true });
  const log = path.join(dir, 'git-processes.log');
  fs.writeFileSync(log, '');
  const script = `#!/bin/sh
# One line per git process the benchmark backend starts (arguments, tab-separated).
(IFS='\t'; printf '%s\\n' "$*") >> '${log}'
exec '${realGit()}' "$@"
`;
  fs.writeFileSync(path.join(binDir, 'git'), script, { mode: 0o755 });
  return {
    binDir,
    count() {
      const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const bySubcommand: Record<string, number> = {};
      for (const line of lines) {
        const sub = subcommandOf(line.split('\t'));
        bySubcommand[sub] = (bySubcommand[sub] ?? 0) + 1;
      }
      return { total: lines.length, bySubcommand };
    },
  };
}
