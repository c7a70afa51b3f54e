import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { runCommand, waitForUrl } from '../processes.mjs';

function listen(handler) {
  return new Promise(resolve => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

test('waitForUrl resolves once the server answers below 500', async () => {
  let calls = 0;
  const server = await listen((_req, res) => {
    calls += 1;
    res.statusCode = calls < 2 ? 503 : 200;
    res.end();
  });
  const { port } = server.address();
  await waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000 });
  assert.equal(calls, 2);
  server.close();
});

test('waitForUrl names the URL and the last error when it times out', async () => {
  const server = await listen(() => {});
  const { port } = server.address();
  server.close();
  await assert.rejects(
    waitForUrl(`http://127.0.0.1:${port}/health`, { timeoutMs: 1500 }),
    /timed out after 1500 ms waiting for http:\/\/127\.0\.0\.1:\d+\/health \(ECONNREFUSED\)/,
  );
});

test('waitForUrl stops early when the process died', async () => {
  await assert.rejects(
    waitForUrl('http://127.0.0.1:9/', {
      timeoutMs: 60_000,
      isAlive: () => false,
    }),
    /process exited/,
  );
});

test('runCommand resolves to the exit status', async () => {
  assert.equal(
    await runCommand(process.execPath, ['-e', 'process.exit(3)']),
    3,
  );
  assert.equal(await runCommand(process.execPath, ['-e', '']), 0);
});
