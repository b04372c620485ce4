// The watchdog: one small process per poolbench process that has started a server, which outlives a
// kill -9 of poolbench and then cleans up after it. PostgreSQL's postmaster and redis-server do not die
// with their parent, and a killed process runs no exit handler; so the watchdog holds the other end of a
// pipe from us, and when the pipe closes (we exited, however) it waits for our pid to vanish, then removes
// the run folders we named to it, stopping the servers recorded in them (leftovers.ts). In the normal path
// those folders are already gone and it exits doing nothing.

import { type ChildProcess, spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

let watchdog: ChildProcess | undefined;

function startWatchdog(): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const ext = extname(self);
  const entry = fileURLToPath(new URL(`./watchdog-process${ext}`, import.meta.url));
  // From source (tsx) the entry is TypeScript: the watchdog loads tsx too.
  const loader = ext === '.ts' ? ['--import', import.meta.resolve('tsx')] : [];
  const child = spawn(process.execPath, [...loader, entry, String(process.pid)], {
    // Its own session: Ctrl-C in the terminal, or a kill of our process group, does not reach it.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  // Neither the process nor the pipe may keep poolbench from exiting.
  child.unref();
  (child.stdin as { unref?: () => void } | null)?.unref?.();
  return child;
}

/** Hands a run folder to the watchdog (started on first use): if we die, it removes the folder. */
export function guardFolder(path: string): void {
  watchdog ??= startWatchdog();
  watchdog.stdin?.write(`${path}\n`);
}
