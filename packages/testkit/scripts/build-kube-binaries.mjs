#!/usr/bin/env node
// Builds kube-apiserver, etcd (and, on request, kubectl) from the Go module
// proxy at the versions pinned in ../kube-versions.json, into a per-user cache
// outside the clone:
//
//   ~/.cache/gitops-console/kube-<kubernetes>-etcd-<etcd>/{kube-apiserver,etcd,kubectl}
//
// A fresh clone reuses the cache; a change of pins builds into a new folder.
// When KUBEBUILDER_ASSETS points at a folder that already holds kube-apiserver
// and etcd, nothing is built and that folder is used.
//
//   node packages/testkit/scripts/build-kube-binaries.mjs [--kubectl] [--print-dir] [--check]
//
// --print-dir prints the folder on stdout; --check never builds and fails
// (exit code 3) when the binaries are missing.
//
// k8s.io/kubernetes cannot be `go install`ed directly: its go.mod replaces the
// k8s.io/* staging modules with ./staging/... paths, which Go ignores in a
// dependency. So a throwaway wrapper module re-declares those replaces against
// the published staging versions (v0.<minor>.<patch>) and builds the main
// packages from there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PINS = JSON.parse(
  fs.readFileSync(path.join(HERE, '..', 'kube-versions.json'), 'utf8'),
);
const REQUIRED = ['kube-apiserver', 'etcd'];

function log(message) {
  process.stderr.write(`[kube-binaries] ${message}\n`);
}

export function cacheDirFor(pins = PINS) {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(
    base,
    'gitops-console',
    `kube-${pins.kubernetes}-etcd-${pins.etcd}`,
  );
}

function hasBinaries(dir, names) {
  return names.every(name => {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function goEnv(extra = {}) {
  return {
    ...process.env,
    // Stay on the installed Go; never download a toolchain.
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-trimpath -mod=mod',
    CGO_ENABLED: '0',
    ...extra,
  };
}

function go(args, cwd) {
  log(`go ${args.join(' ')}`);
  const result = spawnSync('go', args, {
    cwd,
    env: goEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `cannot run go (is Go installed?): ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`
      .trim()
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new Error(
      `go ${args.join(' ')} exited with code ${
        result.status
      } in ${cwd}:\n${tail}`,
    );
  }
  return result.stdout;
}

/** Reads k8s.io/kubernetes' go.mod and returns its staging replace targets. */
function stagingReplaces(workDir, version) {
  const info = JSON.parse(
    go(['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], workDir),
  );
  const goMod = fs.readFileSync(info.GoMod, 'utf8');
  const required = new Set(
    [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) v0\.0\.0\b/gm)].map(m => m[1]),
  );
  const stagingVersion = version.replace(/^v1\./, 'v0.');
  return [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)]
    .map(m => m[1])
    .filter(mod => required.has(mod))
    .map(mod => `\t${mod} => ${mod} ${stagingVersion}`);
}

function writeModule(dir, name, replaces) {
  fs.mkdirSync(dir, { recursive: true });
  const goVersion = go(['env', 'GOVERSION'], dir)
    .trim()
    .replace(/^go/, '')
    .split('.')
    .slice(0, 2)
    .join('.');
  const replaceBlock = replaces.length
    ? `\nreplace (\n${replaces.join('\n')}\n)\n`
    : '';
  fs.writeFileSync(
    path.join(dir, 'go.mod'),
    `module gitops-console.local/${name}\n\ngo ${goVersion}\n${replaceBlock}`,
  );
}

function versionLdflags(version) {
  const [major, minor] = version.replace(/^v/, '').split('.');
  const pkg = 'k8s.io/component-base/version';
  return [
    `-X ${pkg}.gitVersion=${version}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ].join(' ');
}

function buildKubernetes(workDir, outDir, commands) {
  const moduleDir = path.join(workDir, 'kubernetes');
  writeModule(
    moduleDir,
    'kube-binaries',
    stagingReplaces(workDir, PINS.kubernetes),
  );
  for (const command of commands) {
    go(
      ['get', `k8s.io/kubernetes/cmd/${command}@${PINS.kubernetes}`],
      moduleDir,
    );
  }
  for (const command of commands) {
    go(
      [
        'build',
        '-p',
        process.env.GO_BUILD_PARALLELISM || '2',
        `-ldflags=-s -w ${versionLdflags(PINS.kubernetes)}`,
        '-o',
        path.join(outDir, command),
        `k8s.io/kubernetes/cmd/${command}`,
      ],
      moduleDir,
    );
  }
}

function buildEtcd(workDir, outDir) {
  // etcd's server module is its own main package (server/main.go); its
  // go.mod's replaces point at sibling folders, so pin the siblings here.
  const moduleDir = path.join(workDir, 'etcd');
  const siblings = ['api/v3', 'client/pkg/v3', 'client/v3', 'pkg/v3'];
  writeModule(
    moduleDir,
    'etcd-binary',
    siblings.map(
      m => `\tgo.etcd.io/etcd/${m} => go.etcd.io/etcd/${m} ${PINS.etcd}`,
    ),
  );
  go(['get', `go.etcd.io/etcd/server/v3@${PINS.etcd}`], moduleDir);
  go(
    [
      'build',
      '-p',
      process.env.GO_BUILD_PARALLELISM || '2',
      '-ldflags=-s -w',
      '-o',
      path.join(outDir, 'etcd'),
      'go.etcd.io/etcd/server/v3',
    ],
    moduleDir,
  );
}

/** Holds an exclusive lock file so that parallel callers build only once. */
async function withLock(lockPath, fn) {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      log(`waiting for the build in process ${holder}`);
      await new Promise(r => setTimeout(r, 5000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

/**
 * Returns the folder holding kube-apiserver and etcd (and kubectl when asked),
 * building what is missing.
 */
export async function ensureKubeBinaries({
  kubectl = false,
  build = true,
} = {}) {
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets && hasBinaries(assets, REQUIRED)) {
    if (!kubectl || hasBinaries(assets, ['kubectl'])) return assets;
  }
  const dir = cacheDirFor();
  const wanted = kubectl ? [...REQUIRED, 'kubectl'] : REQUIRED;
  if (hasBinaries(dir, wanted)) return dir;
  if (!build) {
    const command = `node packages/testkit/scripts/build-kube-binaries.mjs${
      kubectl ? ' --kubectl' : ''
    }`;
    const error = new Error(
      `the Kubernetes test binaries (${wanted.join(
        ', ',
      )}) are not built yet in ${dir}; ` +
        `build them once with: ${command} (about 10-20 minutes cold), ` +
        'or point KUBEBUILDER_ASSETS at a folder holding them',
    );
    error.exitCode = 3;
    throw error;
  }

  return withLock(path.join(dir, '.lock'), async () => {
    const missing = wanted.filter(name => !hasBinaries(dir, [name]));
    if (missing.length === 0) return dir;
    const workDir = fs.mkdtempSync(path.join(dir, '.build-'));
    const outDir = path.join(workDir, 'out');
    fs.mkdirSync(outDir);
    const started = Date.now();
    try {
      const kubeCommands = missing.filter(n => n !== 'etcd');
      if (kubeCommands.length) buildKubernetes(workDir, outDir, kubeCommands);
      if (missing.includes('etcd')) buildEtcd(workDir, outDir);
      // Move into place only when everything built, so a half build never
      // looks like a cache hit.
      for (const name of missing) {
        const target = path.join(dir, name);
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(path.join(outDir, name), target);
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      fs.writeFileSync(
        path.join(dir, `build-${missing.join('+')}.json`),
        `${JSON.stringify(
          { pins: PINS, built: missing, seconds, at: new Date().toISOString() },
          null,
          2,
        )}\n`,
      );
      log(`built ${missing.join(', ')} in ${seconds} s into ${dir}`);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    return dir;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  ensureKubeBinaries({
    kubectl: args.includes('--kubectl'),
    build: !args.includes('--check'),
  }).then(
    dir => {
      if (args.includes('--print-dir')) process.stdout.write(`${dir}\n`);
      else log(`binaries ready in ${dir}`);
    },
    error => {
      log(error.message);
      process.exit(error.exitCode ?? 1);
    },
  );
}
