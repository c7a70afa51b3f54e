/*
 * Entry of a child process for tests that signal the API server
 * (SIGSTOP/SIGCONT): starts `startApiFixture` and prints its base URL as one
 * JSON line. Options come from the environment (BOOKMARK_INTERVAL_MS).
 * The process runs until it is killed; an unhandled error ends it, which is
 * what those tests look for.
 */
import { startApiFixture } from './apiFixture';

startApiFixture({
  bookmarkIntervalMs: Number(process.env.BOOKMARK_INTERVAL_MS ?? 60_000),
}).then(({ base }) => {
  process.stdout.write(`${JSON.stringify({ base })}\n`);
});
