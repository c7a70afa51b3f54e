import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from './managedProcess';
import { makeTempDir } from './tempDir';
import { waitFor } from './waitFor';

jest.setTimeout(60_000);

/** Whether any process of the group still runs (zombies waiting to be reaped do not count). */
function groupAlive(pgid: number) {
  return fs.readdirSync('/proc').some(entry => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      // Fields after the ")" of the command name: state, ppid, pgrp, ...
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false;
    }
  });
}

describe('ManagedProcess', () => {
  it('stops the whole process group and reports how a process ended', async () => {
    const sleeper = ManagedProcess.start({
      name: 'sleeper',
      command: 'sh',
      args: ['-c', 'sleep 300 & sleep 300'],
    });
    await new Promise(r => setTimeout(r, 200));
    expect(sleeper.running).toBe(true);
    await sleeper.stop();
    // SIGKILL is asynchronous: allow the kernel a moment to finish the sweep.
    await waitFor('the group to stop', async () => !groupAlive(sleeper.pid!), {
      timeoutMs: 2_000,
    });

    const failing = ManagedProcess.start({
      name: 'failing',
      command: 'sh',
      args: ['-c', 'echo "bind: address already in use" >&2; exit 3'],
    });
    await failing.waitForExit();
    expect(failing.exitError().message).toBe(
      'failing exited with code 3: bind: address already in use',
    );
  });

  it('leaves nothing behind when its Node process is killed with SIGKILL', async () => {
    const temp = makeTempDir('testkit-orphan-test');
    const orphanDir = path.join(temp.path, 'orphan');
    fs.mkdirSync(orphanDir);
    const moduleUnderTest = path.join(__dirname, 'managedProcess.ts');
    const script = `
      const { ManagedProcess } = require(${JSON.stringify(moduleUnderTest)});
      const p = ManagedProcess.start({ name: 'sleeper', command: 'sleep', args: ['300'], orphanDir: ${JSON.stringify(
        orphanDir,
      )} });
      setTimeout(() => console.log(p.pid), 300);
      setInterval(() => {}, 1000);
    `;
    try {
      const parent = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          '-e',
          script,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const pgid = await new Promise<number>(resolve =>
        parent.stdout.once('data', chunk =>
          resolve(Number(String(chunk).trim())),
        ),
      );
      expect(groupAlive(pgid)).toBe(true);

      parent.kill('SIGKILL');
      await waitFor(
        'the orphaned group to stop',
        async () => !groupAlive(pgid),
        {
          timeoutMs: 15_000,
        },
      );
      await waitFor(
        'the orphan folder to go',
        async () => !fs.existsSync(orphanDir),
        { timeoutMs: 5_000 },
      );
    } finally {
      temp.remove();
    }
  });
});
