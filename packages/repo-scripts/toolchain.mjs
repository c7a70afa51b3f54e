#!/usr/bin/env node
// Provisions the toolchain this repository needs (Node 22 or 24, Yarn 4,
// installed dependencies) inside the clone, then runs a Yarn command with it.
//
//   node packages/repo-scripts/toolchain.mjs yarn <args...>
//
// Works from any Node >= 20 with npm: when the running Node is not 22 or 24,
// Node 22 is installed from the npm registry (package node-<os>-<arch>) into
// the ignored folder .toolchain/, and native modules compile against its
// headers through npm_config_nodedir. Nothing global is changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const TOOLCHAIN_DIR = path.join(ROOT, '.toolchain');
const NODE_VERSION = '22.23.3';
const SUPPORTED_MAJORS = [22, 24];
const YARN_RELEASE = path.join(ROOT, '.yarn', 'releases', 'yarn-4.18.1.cjs');
const INSTALL_STAMP = path.join(
  ROOT,
  'node_modules',
  '.gitops-console-install',
);

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Returns { nodeBin, nodeDir } for a Node that Backstage supports. */
function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (SUPPORTED_MAJORS.includes(major)) {
    return { nodeBin: process.execPath, nodeDir: undefined };
  }
  const pkgName = `node-${process.platform}-${process.arch}`;
  const nodeDir = path.join(TOOLCHAIN_DIR, 'node_modules', pkgName);
  const nodeBin = path.join(nodeDir, 'bin', 'node');
  const installed = fs.existsSync(nodeBin)
    ? JSON.parse(fs.readFileSync(path.join(nodeDir, 'package.json'), 'utf8'))
        .version
    : undefined;
  if (installed !== NODE_VERSION) {
    log(
      `Node ${process.versions.node} is not supported by Backstage; installing ${pkgName}@${NODE_VERSION} into .toolchain/`,
    );
    fs.mkdirSync(TOOLCHAIN_DIR, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const status = run(npm, [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      TOOLCHAIN_DIR,
      `${pkgName}@${NODE_VERSION}`,
    ]);
    if (status !== 0 || !fs.existsSync(nodeBin)) {
      throw new Error(
        `could not install ${pkgName}@${NODE_VERSION} from the npm registry (npm exited ${status})`,
      );
    }
  }
  return { nodeBin, nodeDir };
}

/** A PATH entry holding `node` and `yarn`, so child scripts find both. */
function writeShims(nodeBin) {
  const binDir = path.join(TOOLCHAIN_DIR, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const shims = {
    node: `#!/bin/sh\nexec "${nodeBin}" "$@"\n`,
    yarn: `#!/bin/sh\nexec "${nodeBin}" "${YARN_RELEASE}" "$@"\n`,
  };
  for (const [name, body] of Object.entries(shims)) {
    const file = path.join(binDir, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== body) {
      fs.writeFileSync(file, body, { mode: 0o755 });
    }
  }
  return binDir;
}

function workspaceManifests() {
  const files = ['package.json', 'yarn.lock'];
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(ROOT, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const manifest = path.join(group, name, 'package.json');
      if (fs.existsSync(path.join(ROOT, manifest))) files.push(manifest);
    }
  }
  return files;
}

function installFingerprint(nodeBin) {
  const hash = createHash('sha256');
  hash.update(spawnSync(nodeBin, ['--version']).stdout ?? '');
  for (const file of workspaceManifests()) {
    const full = path.join(ROOT, file);
    hash.update(file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

function ensureInstalled(nodeBin, env) {
  const fingerprint = installFingerprint(nodeBin);
  if (
    fs.existsSync(INSTALL_STAMP) &&
    fs.readFileSync(INSTALL_STAMP, 'utf8') === fingerprint
  ) {
    return;
  }
  log('installing dependencies with Yarn 4 (first run, or manifests changed)');
  const args = [YARN_RELEASE, 'install'];
  if (process.env.CI) args.push('--immutable');
  const status = run(nodeBin, args, { cwd: ROOT, env });
  if (status !== 0) process.exit(status);
  fs.writeFileSync(INSTALL_STAMP, installFingerprint(nodeBin));
}

function main() {
  const [tool, ...args] = process.argv.slice(2);
  if (tool !== 'yarn') {
    log('usage: node packages/repo-scripts/toolchain.mjs yarn <args...>');
    process.exit(2);
  }
  const { nodeBin, nodeDir } = ensureNode();
  const binDir = writeShims(nodeBin);
  const env = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  if (nodeDir) env.npm_config_nodedir = nodeDir;
  // npm sets these for its own scripts; they would point Yarn back at npm.
  delete env.npm_execpath;
  delete env.npm_config_user_agent;
  ensureInstalled(nodeBin, env);
  process.exit(run(nodeBin, [YARN_RELEASE, ...args], { cwd: ROOT, env }));
}

main();
