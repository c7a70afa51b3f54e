#!/usr/bin/env node
// Runs every test suite once, non-interactively: the Jest suites of all
// packages, then the end-to-end suite in headless Chromium against the demo.
// Started by `npm test` / `yarn test` through toolchain.mjs. Ends with one
// summary line, `tests: N passed, N failed, N skipped`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './systemPackages.mjs';
import { runCommand } from './processes.mjs';
import { startDemo } from './demoProcess.mjs';
import { runApiFuzz } from './fuzzApi.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const OUTPUT = path.join(ROOT, 'e2e-output');
const BIN = path.join(ROOT, 'node_modules', '.bin');

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * kube-apiserver and etcd, built from the Go module proxy once per user and
 * pinned versions (~10 min cold), reused from ~/.cache afterwards.
 */
async function buildKubeBinaries() {
  const status = await runCommand(
    process.execPath,
    [path.join(ROOT, 'packages/testkit/scripts/build-kube-binaries.mjs')],
    { cwd: ROOT },
  );
  if (status !== 0) {
    throw new Error(`building kube-apiserver and etcd failed (exit ${status})`);
  }
}

/** One PostgreSQL for every database test, on a free loopback port. */
async function startPostgres() {
  const require = createRequire(import.meta.url);
  // Lets Node load the testkit's TypeScript sources directly.
  require('@backstage/cli/config/nodeTransform.cjs');
  const testkit = require('@gitops-console/testkit');
  return testkit.startPostgres();
}

async function runJest(extraEnv) {
  const report = path.join(OUTPUT, 'jest.json');
  fs.rmSync(report, { force: true });
  const status = await runCommand(
    path.join(BIN, 'backstage-cli'),
    [
      'repo',
      'test',
      '--watchAll=false',
      '--maxWorkers=2',
      '--json',
      `--outputFile=${report}`,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...extraEnv,
        CI: 'true',
        // Every database the tests use runs here; never reach for Docker.
        BACKSTAGE_TEST_DISABLE_DOCKER: '1',
      },
    },
  );
  const result = readJson(report);
  if (!result) {
    problems.push(`jest exited ${status} without a report`);
    totals.failed += 1;
    return;
  }
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + result.numTodoTests;
  if (result.numRuntimeErrorTestSuites > 0) {
    problems.push(
      `${result.numRuntimeErrorTestSuites} jest suite(s) failed to run`,
    );
    totals.failed += result.numRuntimeErrorTestSuites;
  }
  if (status !== 0 && result.numFailedTests === 0 && result.success !== true) {
    problems.push(`jest exited ${status}`);
    totals.failed += 1;
  }
}

/** Packages whose own scripts are plain Node, tested with node:test. */
async function runNodeTests() {
  const report = path.join(OUTPUT, 'node-test.tap');
  const status = await runCommand(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${report}`,
      'packages/repo-scripts/test/*.test.mjs',
    ],
    { cwd: ROOT },
  );
  const tap = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
  const count = key =>
    Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (status !== 0 && count('fail') + count('cancelled') === 0) {
    problems.push(`node --test exited ${status}`);
    totals.failed += 1;
  }
}

function countPlaywright(suites) {
  for (const suite of suites ?? []) {
    countPlaywright(suite.suites);
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') totals.skipped += 1;
        else if (t.status === 'expected' || t.status === 'flaky')
          totals.passed += 1;
        else totals.failed += 1;
      }
    }
  }
}

/**
 * The API fuzz run (fuzzApi.mjs, docs/fuzzing.md) against the demo backend:
 * one test per operation and token (with the guest's, with none).
 */
async function runFuzz() {
  try {
    const fuzz = await runApiFuzz({ outputDir: path.join(OUTPUT, 'fuzz') });
    let failed = 0;
    for (const result of fuzz.results) {
      if (result.status === 'passed') totals.passed += 1;
      else if (result.status === 'skipped') totals.skipped += 1;
      else failed += 1;
    }
    for (const problem of fuzz.problems) problems.push(`API fuzz: ${problem}`);
    // A run that broke off counts once even when no operation is to blame.
    totals.failed += failed || (fuzz.ok ? 0 : 1);
  } catch (error) {
    problems.push(`API fuzz run: ${error.message}`);
    totals.failed += 1;
  }
}

async function runEndToEnd() {
  const demo = await startDemo({
    root: ROOT,
    logFile: path.join(OUTPUT, 'demo.log'),
  });
  try {
    const report = path.join(OUTPUT, 'playwright.json');
    fs.rmSync(report, { force: true });
    const status = await runCommand(
      path.join(BIN, 'playwright'),
      [
        'test',
        '-c',
        'packages/app/e2e-tests/playwright.config.ts',
        '--reporter=list,json',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      },
    );
    const result = readJson(report);
    if (!result) {
      problems.push(`playwright exited ${status} without a report`);
      totals.failed += 1;
    } else {
      countPlaywright(result.suites);
      for (const error of result.errors ?? []) {
        problems.push(`playwright: ${error.message}`);
        totals.failed += 1;
      }
    }
    // After the e2e specs, so what the fuzzer sends cannot disturb them.
    await runFuzz();
  } finally {
    await demo.stop();
  }
  const failures = demo.startupFailures();
  if (failures.length > 0) {
    problems.push(
      `the demo backend logged start-up failures:\n${failures.join('\n')}`,
    );
    totals.failed += 1;
  } else {
    totals.passed += 1;
    console.log('✓ the demo backend started with no plugin start-up failure');
  }
}

async function main() {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await ensureSystemPackages(['chromium', 'postgresql', 'redis']);
  await buildKubeBinaries();
  await runNodeTests();
  const postgres = await startPostgres();
  try {
    await runJest(postgres.env);
  } finally {
    await postgres.stop();
  }
  await runEndToEnd();

  for (const problem of problems) console.error(`✗ ${problem}`);
  console.log(
    `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
  process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  console.log(
    `tests: ${totals.passed} passed, ${totals.failed + 1} failed, ${
      totals.skipped
    } skipped`,
  );
  process.exit(1);
});
