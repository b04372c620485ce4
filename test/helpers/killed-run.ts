// Tests of what a `kill -9` of poolbench leaves behind: the CLI started as a user starts it, SIGKILLed once
// it is busy, and polling with a time limit for what must (not) be there afterwards.

import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnPoolbench } from './cli.js';

/** Polls `check` every 50 ms until it holds; fails naming `what` after `ms`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting until ${typeof what === 'string' ? what : what()}`);
    }
    await sleep(50);
  }
}

export interface KilledRun {
  pid: number;
  stderr: string;
}

/**
 * Starts `poolbench <args>`, waits (at most `busyTimeoutMs`) until `busy` holds for its stderr so far,
 * SIGKILLs it and waits for it to be gone.
 */
export async function killMidRun(
  args: string[],
  opts: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    /** Called with the stderr so far and poolbench's pid until it says the run is busy. */
    busy: (stderr: string, pid: number) => boolean | Promise<boolean>;
    busyTimeoutMs?: number;
  },
): Promise<KilledRun> {
  const child = spawnPoolbench(args, opts);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdout.resume();
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let exited = false;
  void closed.then(() => {
    exited = true;
  });
  try {
    await waitUntil(
      async () => exited || (await opts.busy(stderr, child.pid!)),
      opts.busyTimeoutMs ?? 60_000,
      () => `poolbench ${args.join(' ')} is busy (stderr so far: ${stderr.slice(-500)})`,
    );
    if (exited) throw new Error(`poolbench exited before it was killed: ${stderr.slice(-1000)}`);
  } finally {
    child.kill('SIGKILL');
    await closed;
  }
  return { pid: child.pid!, stderr };
}

/** Live processes whose command line contains `text` (and whose parent is `parent`, when given), from /proc. */
export function processesWith(text: string, parent?: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || (parent !== undefined && Number(ppid) !== parent)) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text))
        pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Entries of `dir` whose name starts with `prefix`. */
export function entriesLike(dir: string, prefix: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(prefix));
}
