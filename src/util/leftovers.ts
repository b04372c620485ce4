// Removing run folders (run-folder.ts) whose owner is gone: stop the processes recorded in the folder, then
// delete it. The watchdog does this the moment its poolbench process dies; every `poolbench run` does it on
// start for whatever an earlier killed run left (its watchdog killed too, or the machine reset mid-run).
// Only folders named poolbench-… with a readable marker are touched, and only once their owner is gone.

import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../errors.js';
import { ownerGone, processGone, processStartTicks } from './owner.js';
import {
  FOLDER_PREFIX,
  type FolderMarker,
  type RecordedProcess,
  readMarker,
  readProcesses,
} from './run-folder.js';

const STOP_WAIT_MS = 5000;
const KILL_WAIT_MS = 2000;

const stillOurs = (p: RecordedProcess) =>
  !processGone(p.pid) && (p.start === undefined || processStartTicks(p.pid) === p.start);

async function waitGone(processes: RecordedProcess[], ms: number): Promise<RecordedProcess[]> {
  const deadline = Date.now() + ms;
  let left = processes.filter(stillOurs);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(25);
    left = left.filter(stillOurs);
  }
  return left;
}

function signal(p: RecordedProcess, name: NodeJS.Signals): void {
  try {
    process.kill(p.pid, name);
  } catch {
    // gone meanwhile, or not ours to signal: waitGone tells
  }
}

/** Stops the folder's processes (their own stop signal, then SIGKILL) and deletes it; returns what it did. */
export async function removeLeftover(path: string, marker: FolderMarker, why: string): Promise<string> {
  const running = readProcesses(path).filter(stillOurs);
  for (const p of running) signal(p, p.signal);
  const stubborn = await waitGone(running, STOP_WAIT_MS);
  for (const p of stubborn) signal(p, 'SIGKILL');
  const alive = await waitGone(stubborn, KILL_WAIT_MS);
  const stopped = running.filter((p) => !alive.includes(p)).map((p) => p.pid);
  const what = `${marker.what} of poolbench pid ${marker.owner.pid}, which did not clean up: ${why}`;
  if (alive.length > 0) {
    return `kept ${path} (${what}): could not stop pid ${alive.map((p) => p.pid).join(', ')}`;
  }
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch (err) {
    return `could not remove ${path} (${what}): ${errorMessage(err)}`;
  }
  const processes = stopped.length > 0 ? `; stopped pid ${stopped.join(', ')}` : '';
  return `removed ${path} (${what}${processes})`;
}

/** Removes every abandoned run folder in `dir`; one line per folder, saying what was removed and why. */
export async function sweepLeftovers(dir = tmpdir(), now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(FOLDER_PREFIX));
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const lines: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      // Another user's folder is theirs to clean (and root's): their processes are not ours to stop.
      if (uid !== undefined && uid !== 0 && statSync(path).uid !== uid) continue;
    } catch {
      continue;
    }
    const marker = readMarker(path);
    const why = marker && ownerGone(marker.owner, now);
    if (marker && why) lines.push(await removeLeftover(path, marker, why));
  }
  return lines;
}
