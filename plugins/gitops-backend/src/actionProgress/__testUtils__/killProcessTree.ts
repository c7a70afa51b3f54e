import fs from 'node:fs';

/** The pids under `pid` (children, their children, ...), from /proc. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${parent}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = fs.readFileSync(
          `/proc/${parent}/task/${task}/children`,
          'utf8',
        );
      } catch {
        continue;
      }
      for (const child of children.trim().split(/\s+/).filter(Boolean)) {
        found.push(Number(child));
        queue.push(Number(child));
      }
    }
  }
  return found;
}

/**
 * SIGKILL to a process and everything under it, listed first and killed
 * together, so that no child (such as a detached `git push`) outlives it
 * by being re-parented: what a killed container does to its processes.
 */
export function killProcessTree(pid: number): void {
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
