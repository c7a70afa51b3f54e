import http from 'node:http';
import { APPLICATIONS, application } from '../__testUtils__/apiFixture';
import {
  ApiFixtureProcess,
  startApiFixtureProcess,
} from '../__testUtils__/apiFixtureProcess';
import { eventually } from '../__testUtils__/kubeClient';

jest.setTimeout(60_000);

const BOOKMARK_MS = 100;

/** A watch request whose lines are counted, optionally never read. */
function openWatch(base: string, query: string, { read }: { read: boolean }) {
  const state = { bookmarks: 0, ended: false, request: undefined as any };
  let buffered = '';
  const started = new Promise<http.IncomingMessage>((resolve, reject) => {
    state.request = http.get(
      `${base}${APPLICATIONS}?watch=true&allowWatchBookmarks=true&${query}`,
      { headers: { Authorization: 'Bearer demo-token' } },
      res => {
        // A paused response stops reading the socket: the server's writes
        // back up, so its end is not flushed for a while.
        if (!read) res.pause();
        res.on('data', chunk => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          state.bookmarks += lines.filter(l => l.includes('"BOOKMARK"')).length;
        });
        res.on('end', () => {
          state.ended = true;
        });
        res.on('error', () => undefined);
        resolve(res);
      },
    );
    state.request.on('error', reject);
  });
  return { state, started };
}

async function createLargeApplications(base: string, count: number) {
  for (let i = 0; i < count; i++) {
    const body = application(`large-${i}`);
    (body.metadata as any).annotations = { padding: 'x'.repeat(200_000) };
    const response = await fetch(`${base}${APPLICATIONS}`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer demo-token',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
  }
}

describe('watches across SIGSTOP/SIGCONT of the API server process', () => {
  let server: ApiFixtureProcess;
  beforeAll(async () => {
    server = await startApiFixtureProcess({ bookmarkIntervalMs: BOOKMARK_MS });
  });
  afterAll(() => server?.stop());

  it('keeps serving when watches time out or lose their client while it is stopped', async () => {
    // 8 MB of initial events: more than the socket buffers of a client that
    // does not read, so that watch's end is still unflushed when its next
    // bookmark is due (the write after end that killed the demo).
    await createLargeApplications(server.base, 40);
    const stalled = openWatch(server.base, 'timeoutSeconds=1', { read: false });
    const gone = openWatch(server.base, '', { read: true });
    const live = openWatch(server.base, 'timeoutSeconds=30', { read: true });
    const stalledResponse = await stalled.started;
    await Promise.all([gone.started, live.started]);

    server.child.kill('SIGSTOP');
    // The stop itself is the scenario: long enough for the stalled watch's
    // timeout and several bookmarks to fall due together.
    await new Promise(resolve => setTimeout(resolve, 1_500));
    gone.state.request.destroy();
    server.child.kill('SIGCONT');

    const before = live.state.bookmarks;
    await eventually(
      async () =>
        !server.alive() || live.state.bookmarks >= before + 5
          ? true
          : undefined,
      { what: 'five bookmarks after SIGCONT', timeoutMs: 20_000 },
    );
    expect(server.stderr()).not.toContain('ERR_STREAM_WRITE_AFTER_END');
    expect(server.alive()).toBe(true);
    const version = await fetch(`${server.base}/version`);
    expect(version.status).toBe(200);

    // The server ended the stalled watch at its timeout: once the client
    // reads again, it reaches the end of the stream.
    stalledResponse.resume();
    await eventually(async () => (stalled.state.ended ? true : undefined), {
      what: 'the stalled watch to end',
      timeoutMs: 20_000,
    });
    live.state.request.destroy();
  });
});
