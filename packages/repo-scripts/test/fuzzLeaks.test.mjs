import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The fuzz run's no-leak check (fuzz/leaks.py), on answers that leak and
// answers that do not. Plain Python: no Schemathesis needed.
const FUZZ = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fuzz',
);
const hasPython = spawnSync('python3', ['--version']).status === 0;

function findings(cases) {
  const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(FUZZ)})
from leaks import findings
cases = json.load(sys.stdin)
print(json.dumps([findings(c["response"], c.get("request", ""), c.get("token", "")) for c in cases]))
`;
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: {
      ...process.env,
      FUZZ_SECRETS: JSON.stringify(['demo-token', 's3cr3t-webhook']),
      FUZZ_REPO_ROOT: '/srv/checkout/gitops-console',
    },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const errorBody = message =>
  JSON.stringify({
    error: { name: 'InputError', message },
    response: { statusCode: 400 },
  });

test('a plain error body carries nothing', { skip: !hasPython }, () => {
  const [found] = findings([
    { response: errorBody('Invalid limit 0'), token: 'eyJhbGciOiJFUzI1NiJ9x' },
  ]);
  assert.deepEqual(found, []);
});

test(
  'credentials, stacks and paths are each found',
  { skip: !hasPython },
  () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.sig';
    const found = findings([
      { response: errorBody('cluster said 401 for demo-token') },
      { response: errorBody('secret s3cr3t-webhook did not match') },
      { response: errorBody(`you sent ${token}`), token },
      { response: errorBody('upstream wanted Bearer abcdefghijklmnop') },
      {
        response: errorBody(
          'GitHub refused ghp_0123456789abcdefghijABCDEFGHIJ',
        ),
      },
      {
        response: JSON.stringify({
          error: {
            message: 'boom',
            stack: 'Error: boom\n    at read (/x/y.js:1:2)',
          },
        }),
      },
      { response: errorBody('Error: failed in src/git/read.ts:42') },
      { response: errorBody('ENOENT /root/.cache/gitops-console/x') },
      {
        response: errorBody(
          'cannot read /srv/checkout/gitops-console/app-config.yaml',
        ),
      },
    ]);
    const expected = [
      /configured credential/,
      /configured credential/,
      /caller's own token/,
      /bearer token/,
      /GitHub token/,
      /stack frame/,
      /Error with file:line/,
      /absolute path \(\/root\/\)/,
      /absolute path \(\/srv\/checkout\/gitops-console\/\)/,
    ];
    assert.equal(found.length, expected.length);
    found.forEach((leaks, i) =>
      assert.ok(
        leaks.some(leak => expected[i].test(leak)),
        `case ${i}: ${JSON.stringify(leaks)}`,
      ),
    );
  },
);

test(
  'the fuzzer’s own input echoed back is not a leak',
  { skip: !hasPython },
  () => {
    const [echo, shortToken, tokenInPath] = findings([
      {
        request: '{"name": "/tmp/x"}',
        response: errorBody('Invalid entity name "/tmp/x"'),
      },
      // A token as short as the fuzzer sends may occur anywhere by chance.
      { response: errorBody('Invalid entity kind "0"'), token: '0' },
      // A made-up token the fuzzer also put in the path it sent.
      {
        request: '/entities/FUZZ_SECRETS/x/y/actions',
        response: errorBody('url: /entities/FUZZ_SECRETS/x/y/actions'),
        token: 'FUZZ_SECRETS',
      },
    ]);
    assert.deepEqual(echo, []);
    assert.deepEqual(shortToken, []);
    assert.deepEqual(tokenInPath, []);
  },
);
