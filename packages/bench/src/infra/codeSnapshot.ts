import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BACKEND_ENTRY } from '../paths';

/*
 * --gitops-at <rev>: the benchmark backend with the plugins/ folder as
 * committed at <rev>, for before/after figures from one working tree. The
 * plugins are extracted with `git archive` into the run folder, next to a
 * node_modules that links every installed package except this repository's
 * own, which point at the extracted copies instead.
 */

/** Writes plugins/ as committed at `rev` into `dir` (dir/plugins/...). */
export function extractPlugins(repoRoot: string, rev: string, dir: string) {
  const commit = execFileSync(
    'git',
    ['-C', repoRoot, 'rev-parse', '--verify', `${rev}^{commit}`],
    {
      encoding: 'utf8',
    },
  ).trim();
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync(
    'git',
    ['-C', repoRoot, 'archive', commit, 'plugins'],
    {
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
}

/**
 * Writes dir/node_modules: a link to every installed package, except that
 * our own packages (@gitops-console/<short>) named in `own` point at the
 * given folders; the rest of ours stay as installed.
 */
export function linkInstalledModules(
  repoRoot: string,
  dir: string,
  own: ReadonlyMap<string, string>,
) {
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  const installed = path.join(repoRoot, 'node_modules');
  for (const entry of fs.readdirSync(installed)) {
    if (entry === '@gitops-console') continue;
    fs.symlinkSync(path.join(installed, entry), path.join(modules, entry));
  }
  const ours = path.join(modules, '@gitops-console');
  fs.mkdirSync(ours);
  for (const [short, folder] of own) {
    fs.symlinkSync(folder, path.join(ours, short));
  }
  for (const entry of fs.readdirSync(path.join(installed, '@gitops-console'))) {
    if (own.has(entry)) continue;
    fs.symlinkSync(
      fs.realpathSync(path.join(installed, '@gitops-console', entry)),
      path.join(ours, entry),
    );
  }
}

/** The short name (without the @gitops-console/ scope) of each plugin folder in dir/plugins. */
export function pluginFolders(dir: string): Map<string, string> {
  const folders = new Map<string, string>();
  for (const plugin of fs.readdirSync(path.join(dir, 'plugins'))) {
    const manifest = path.join(dir, 'plugins', plugin, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const name: string = JSON.parse(fs.readFileSync(manifest, 'utf8')).name;
    folders.set(
      name.replace(/^@gitops-console\//, ''),
      path.join(dir, 'plugins', plugin),
    );
  }
  return folders;
}

/** Extracts plugins/ at `rev`; returns the backend entry to run there. */
export function snapshotPlugins(
  repoRoot: string,
  rev: string,
  dir: string,
): string {
  extractPlugins(repoRoot, rev, dir);
  linkInstalledModules(repoRoot, dir, pluginFolders(dir));
  const entryDir = path.join(dir, 'bench-backend');
  fs.mkdirSync(entryDir);
  const entry = path.join(entryDir, 'index.ts');
  // The entry and the bench-only plugins beside it.
  for (const file of fs.readdirSync(path.dirname(BACKEND_ENTRY))) {
    fs.copyFileSync(
      path.join(path.dirname(BACKEND_ENTRY), file),
      path.join(entryDir, file),
    );
  }
  return entry;
}
