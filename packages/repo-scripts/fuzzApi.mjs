#!/usr/bin/env node
// An HTTP fuzz run of the GitOps plugin's OpenAPI spec with Schemathesis
// (from PyPI, installed once per user into a virtual environment in
// ~/.cache/gitops-console), against a running backend. Every operation is
// run twice, with the demo guest's token and with none, with a fixed number
// of examples per operation and a fixed seed, so the run is bounded and
// repeatable. Checks: no 5xx, every response as the spec says (status,
// content type, body schema, error bodies included), and no credential,
// stack trace or absolute path in any response (fuzz/fuzz_hooks.py).
//
// test-all.mjs calls runApiFuzz() while the e2e demo runs. Alone:
//   yarn test:fuzz   (starts the demo when it is not running; hold the demo
//                     lock: flock ~/.cache/gitops-console/demo.lock yarn test:fuzz)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIREMENTS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fuzz',
  'requirements.txt',
);
/** The pinned Schemathesis, as fuzz/requirements.txt names it with its dependencies. */
export const SCHEMATHESIS_VERSION = fs
  .readFileSync(REQUIREMENTS, 'utf8')
  .match(/^schemathesis==(\S+)$/m)[1];
/** Test cases per operation and phase; the phases below bound the rest. */
export const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 50);
export const SEED = Number(process.env.FUZZ_SEED ?? 15);
const PHASES = 'examples,coverage,fuzzing';
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'no_leaks',
];

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const SPEC = path.join(ROOT, 'plugins/gitops-backend/src/schema/openapi.yaml');
const HOOKS = path.join(ROOT, 'packages/repo-scripts/fuzz/fuzz_hooks.py');
const BACKEND = 'http://localhost:7007';

/**
 * The demo catalog's entities with deployments: three owned by the guest's
 * team (reviews is read through the demo GitHub, with its token), two not.
 */
const ENTITIES = [
  ['default', 'component', 'checkout'],
  ['default', 'component', 'inventory'],
  ['default', 'component', 'reviews'],
  ['default', 'component', 'payments-api'],
  ['default', 'component', 'notifications'],
];

function log(message) {
  console.log(`[fuzz] ${message}`);
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * The virtual environment with the pinned Schemathesis, made once per user
 * and version. It is built beside its final folder and renamed when
 * complete, so an interrupted install is never taken for a finished one.
 * Schemathesis is run as `python -m`, which survives the rename.
 */
export async function ensureSchemathesis() {
  const cache = path.join(os.homedir(), '.cache', 'gitops-console');
  const venv = path.join(cache, `schemathesis-venv-${SCHEMATHESIS_VERSION}`);
  const python = path.join(venv, 'bin', 'python');
  // The requirements it was made from, kept inside: a changed pin rebuilds it.
  const marker = path.join(venv, 'gitops-console-requirements.txt');
  const wanted = fs.readFileSync(REQUIREMENTS, 'utf8');
  const current = () =>
    fs.existsSync(marker) &&
    fs.readFileSync(marker, 'utf8') === wanted &&
    spawnSync(python, ['-m', 'schemathesis.cli', '--version'], {
      encoding: 'utf8',
    }).stdout?.includes(SCHEMATHESIS_VERSION);
  if (current()) return python;

  const python3 = process.env.PYTHON ?? 'python3';
  if (spawnSync(python3, ['--version']).status !== 0) {
    throw new Error(
      `the API fuzz run needs Python 3 (${python3}) with venv; install python3 and python3-venv`,
    );
  }
  fs.mkdirSync(cache, { recursive: true });
  const building = `${venv}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${venv}`);
  const started = Date.now();
  try {
    if ((await run(python3, ['-m', 'venv', building])) !== 0) {
      throw new Error(`${python3} -m venv failed; is python3-venv installed?`);
    }
    const pip = [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '-r',
      REQUIREMENTS,
    ];
    if ((await run(path.join(building, 'bin', 'python'), pip)) !== 0) {
      throw new Error(`pip install -r ${REQUIREMENTS} failed`);
    }
    fs.writeFileSync(path.join(building, path.basename(marker)), wanted);
    fs.rmSync(venv, { recursive: true, force: true });
    fs.renameSync(building, venv);
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  if (!current()) {
    throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} did not install`);
  }
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return python;
}

/** A Backstage token for the demo's guest (alice), as the app signs in. */
export async function guestToken(backendUrl = BACKEND) {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new Error(`guest sign-in answered ${response.status}`);
  }
  const token = (await response.json())?.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in answered no token');
  return token;
}

/**
 * The credentials a response must never carry: literal secrets in the
 * repository's app-config files (cluster tokens, webhook and signal
 * secrets), the demo cluster's tokens and any GitHub token in the
 * environment.
 */
export function configuredSecrets(root = ROOT) {
  const secrets = new Set(['demo-token', 'demo-viewer-token']);
  const key =
    /^\s*-?\s*(?:token|secret|password|clientSecret|privateKey|channelSecret|webhookSecret)\s*:\s*['"]?([^'"\s#]+)/i;
  for (const file of fs.readdirSync(root)) {
    if (!/^app-config.*\.ya?ml$/.test(file)) continue;
    for (const line of fs
      .readFileSync(path.join(root, file), 'utf8')
      .split('\n')) {
      const value = line.match(key)?.[1];
      if (value && !value.startsWith('$')) secrets.add(value);
    }
  }
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'GITOPS_GITHUB_TOKEN']) {
    if (process.env[name]) secrets.add(process.env[name]);
  }
  return [...secrets];
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Per operation, from the JUnit report: `failed` when any check failed or it errored. */
function operationsFromJunit(file) {
  const xml = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const operations = [];
  for (const match of xml.matchAll(
    /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g,
  )) {
    const name = match[1].match(/\bname="([^"]*)"/)?.[1] ?? '?';
    const body = match[3] ?? '';
    const skipped = /<skipped\b/.test(body);
    const failed = /<(failure|error)\b/.test(body);
    operations.push({
      name: name.replace(/&amp;/g, '&').replace(/&quot;/g, '"'),
      status: failed ? 'failed' : skipped ? 'skipped' : 'passed',
    });
  }
  return operations;
}

/**
 * One Schemathesis run over every operation of the spec; `token` undefined
 * runs without credentials. Resolves to its per-operation results.
 */
async function runOnce({
  python,
  label,
  token,
  backendUrl,
  outputDir,
  extraArgs,
}) {
  const dir = path.join(outputDir, label);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const counts = path.join(dir, 'requests.json');
  const args = [
    '-m',
    'schemathesis.cli',
    'run',
    SPEC,
    '--url',
    `${backendUrl}/api/gitops`,
    '--checks',
    CHECKS.join(','),
    '--phases',
    PHASES,
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    String(SEED),
    '--generation-database',
    'none',
    '--no-shrink',
    // Hypothesis' own health check on how many generated values it had to
    // discard (plain-string path ids that cannot be sent as a path segment).
    // It judges the generator, not the API, and failed CI once at random.
    '--suppress-health-check',
    'filter_too_much',
    '--continue-on-failure',
    // One worker: with two threads Hypothesis' lambda descriptions call
    // ast.parse concurrently, and CPython 3.11's AST recursion counter
    // (cpython gh-106905, reported in threaded programs) then raised
    // "SystemError: AST constructor recursion depth mismatch", ending a
    // loaded CI run's fuzz phase with every generated case passed.
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--no-color',
    '--output-truncate',
    'true',
    '--report',
    // FUZZ_HAR=1 also records every request and answer (with the token).
    process.env.FUZZ_HAR === '1' ? 'junit,json,har' : 'junit,json',
    '--report-dir',
    dir,
    '--report-json-path',
    path.join(dir, 'report.json'),
    '--report-junit-path',
    path.join(dir, 'junit.xml'),
    ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
    ...extraArgs,
  ];
  const started = Date.now();
  const status = await run(python, args, {
    cwd: dir,
    env: {
      ...process.env,
      SCHEMATHESIS_HOOKS: HOOKS,
      PYTHONDONTWRITEBYTECODE: '1',
      FUZZ_SECRETS: JSON.stringify(configuredSecrets()),
      FUZZ_REPO_ROOT: ROOT,
      FUZZ_ENTITIES: JSON.stringify(ENTITIES),
      FUZZ_COUNTS: counts,
      // No telemetry, and no file outside the report folder.
      SCHEMATHESIS_TELEMETRY: 'false',
    },
  });
  const report = readJson(path.join(dir, 'report.json'));
  const operations = operationsFromJunit(path.join(dir, 'junit.xml'));
  const requests = readJson(counts) ?? {};
  const examples = Object.values(requests)
    .flatMap(byStatus => Object.values(byStatus))
    .reduce((a, b) => a + b, 0);
  return {
    label,
    status,
    seconds: Math.round((Date.now() - started) / 1000),
    operations,
    requests,
    examples,
    failures: report?.test_cases?.with_failures ?? undefined,
    uniqueFailures: report?.test_cases?.unique_failures ?? undefined,
    errors: (report?.errors ?? []).reduce((n, e) => n + (e.count ?? 1), 0),
    failureGroups: report?.failures ?? [],
    complete: report?.complete === true,
  };
}

function statusLine(requests) {
  const byClass = {};
  for (const byStatus of Object.values(requests)) {
    for (const [code, n] of Object.entries(byStatus)) {
      byClass[code] = (byClass[code] ?? 0) + n;
    }
  }
  return Object.entries(byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
}

/**
 * Both runs (guest token, then none) against a running backend. Resolves to
 * one result per operation and run, for test-all's counts, plus the totals.
 */
export async function runApiFuzz({
  backendUrl = BACKEND,
  outputDir = path.join(ROOT, 'e2e-output', 'fuzz'),
  extraArgs = [],
} = {}) {
  const started = Date.now();
  const python = await ensureSchemathesis();
  const token = await guestToken(backendUrl);
  const runs = [];
  for (const [label, runToken] of [
    ['with-token', token],
    ['without-token', undefined],
  ]) {
    log(
      `run ${label}: every operation, ${MAX_EXAMPLES} examples per phase, seed ${SEED}`,
    );
    runs.push(
      await runOnce({
        python,
        label,
        token: runToken,
        backendUrl,
        outputDir,
        extraArgs,
      }),
    );
  }

  const results = [];
  const problems = [];
  for (const r of runs) {
    if (r.operations.length === 0 || !r.complete) {
      problems.push(
        `schemathesis (${r.label}) exited ${r.status} without a complete report`,
      );
    }
    if (r.errors > 0)
      problems.push(`schemathesis (${r.label}): ${r.errors} error(s)`);
    for (const op of r.operations) {
      results.push({ name: `${op.name} (${r.label})`, status: op.status });
    }
    for (const group of r.failureGroups) {
      problems.push(
        `${r.label}: ${group.title} ×${group.count} in ${group.operations.join(
          ', ',
        )}`,
      );
    }
  }
  const operations = new Set(runs.flatMap(r => r.operations.map(o => o.name)));
  const examples = runs.reduce((n, r) => n + r.examples, 0);
  const failures = runs.reduce((n, r) => n + (r.failures ?? 0) + r.errors, 0);
  const seconds = Math.round((Date.now() - started) / 1000);
  for (const r of runs) {
    log(
      `${r.label}: ${r.operations.length} operations, ${
        r.examples
      } requests (${statusLine(r.requests)}), ${
        r.failures ?? '?'
      } failing test cases, ${r.errors} errors, ${r.seconds} s`,
    );
  }
  for (const problem of problems) log(`✗ ${problem}`);
  log(
    `summary: operations ${operations.size} × ${runs.length} runs, examples ${examples}, failures ${failures}, elapsed ${seconds} s`,
  );
  return {
    results,
    operations: operations.size,
    examples,
    failures,
    seconds,
    problems,
    ok: problems.length === 0 && failures === 0 && results.length > 0,
  };
}

/** `up` (healthy), `down` (nothing listens) or `busy` (starting or stopping). */
async function backendState(backendUrl) {
  try {
    const response = await fetch(`${backendUrl}/api/gitops/health`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok ? 'up' : 'busy';
  } catch (error) {
    return error.cause?.code === 'ECONNREFUSED' ? 'down' : 'busy';
  }
}

/** `yarn test:fuzz`: against the running demo, or a demo started for it. */
async function main() {
  // A demo that is still starting or stopping is waited for, within a bound.
  let state = await backendState(BACKEND);
  for (let i = 0; state === 'busy' && i < 60; i++) {
    await new Promise(r => setTimeout(r, 1000));
    state = await backendState(BACKEND);
  }
  let demo;
  if (state !== 'up') {
    const { startDemo } = await import('./demoProcess.mjs');
    demo = await startDemo({
      root: ROOT,
      logFile: path.join(ROOT, 'e2e-output', 'fuzz', 'demo.log'),
    });
  } else {
    log(`fuzzing the backend already running at ${BACKEND}`);
  }
  try {
    // Further arguments go to `st run`, e.g. --include-operation-id GetAction.
    const { ok } = await runApiFuzz({ extraArgs: process.argv.slice(2) });
    process.exitCode = ok ? 0 : 1;
  } finally {
    await demo?.stop();
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
