import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '@gitops-console/testkit';

/**
 * A pre-receive hook on a bare repository of the testkit's Git server that
 * holds the next push, once: the pack has arrived, the ref is not moved
 * yet, and the pusher waits. The test then knows a write is in flight
 * (`arrived()`) and lets it go on with `release()`. The hook waits at most
 * two minutes, so a forgotten release cannot hang the server.
 */
export interface PushHold {
  /** Resolves when a push reached the hook and is being held. */
  arrived(timeoutMs: number): Promise<void>;
  /** Lets the held push (and every later one) through. */
  release(): void;
}

export function holdNextPush(gitDir: string): PushHold {
  const control = fs.mkdtempSync(path.join(gitDir, 'hold-'));
  const armed = path.join(control, 'armed');
  const holding = path.join(control, 'holding');
  const released = path.join(control, 'released');
  const hook = path.join(gitDir, 'hooks', 'pre-receive');
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(
    hook,
    [
      '#!/bin/sh',
      'cat >/dev/null',
      // mv succeeds for one push only: the first one is held.
      `if mv '${armed}' '${holding}' 2>/dev/null; then`,
      '  i=0',
      `  while [ ! -e '${released}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done`,
      'fi',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  fs.writeFileSync(armed, '');
  return {
    arrived: timeoutMs =>
      waitFor('a push to reach the hook', async () => fs.existsSync(holding), {
        timeoutMs,
        intervalMs: 50,
      }),
    release: () => fs.writeFileSync(released, ''),
  };
}
