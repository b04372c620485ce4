// A temporary folder for a server poolbench starts (the embedded PostgreSQL's cluster, a spawned
// redis-server's working directory), made so that it cannot outlive the run. It is named poolbench-<kind>-…,
// carries a marker naming its owner (this process), lists the processes started for it, and is handed to
// the watchdog, which stops those processes and removes the folder if this process dies without doing so
// (kill -9). A later run removes what even the watchdog could not (leftovers.ts).

import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Owner, parseOwner, processStartTicks, thisProcess } from './owner.js';
import { guardFolder } from './watchdog.js';

export const FOLDER_PREFIX = 'poolbench-';
const MARKER = 'poolbench-owner.json';
const PROCESSES = 'poolbench-processes';

export interface FolderMarker {
  /** What the folder holds, for the line that names it when it is removed ("embedded PostgreSQL"). */
  what: string;
  owner: Owner;
}

export interface RecordedProcess {
  pid: number;
  /** processStartTicks() at spawn: a later process with the same pid is not ours to stop. */
  start?: string;
  /** How to stop it at once (a postmaster: SIGQUIT, immediate shutdown of it and its backends). */
  signal: NodeJS.Signals;
}

export interface RunFolder {
  readonly path: string;
  /** Records a process started for this folder; call it right after spawn(), so it is stopped with it. */
  adopt(pid: number, signal: NodeJS.Signals): void;
  /** Removes the folder (synchronous, so process 'exit' handlers can use it); safe to call twice. */
  remove(): void;
}

/** `kind` names the folder (poolbench-<kind>-XXXXXX); `what` says what it holds. */
export function createRunFolder(kind: string, what: string): RunFolder {
  const path = mkdtempSync(join(tmpdir(), `${FOLDER_PREFIX}${kind}-`));
  const marker: FolderMarker = { what, owner: thisProcess() };
  writeFileSync(join(path, MARKER), JSON.stringify(marker));
  guardFolder(path);
  return {
    path,
    adopt(pid, signal) {
      const entry: RecordedProcess = { pid, start: processStartTicks(pid), signal };
      appendFileSync(join(path, PROCESSES), `${JSON.stringify(entry)}\n`);
    },
    remove() {
      rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    },
  };
}

/** The folder's marker, or undefined when it has none (then it is not poolbench's to touch). */
export function readMarker(path: string): FolderMarker | undefined {
  try {
    const value = JSON.parse(readFileSync(join(path, MARKER), 'utf8')) as Partial<FolderMarker>;
    const owner = parseOwner(value.owner);
    return owner && typeof value.what === 'string' ? { what: value.what, owner } : undefined;
  } catch {
    return undefined;
  }
}

/** The processes recorded for the folder (a line cut short by a kill is skipped). */
export function readProcesses(path: string): RecordedProcess[] {
  let text: string;
  try {
    text = readFileSync(join(path, PROCESSES), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const p = JSON.parse(line) as RecordedProcess;
      return Number.isInteger(p.pid) && p.pid > 0 && typeof p.signal === 'string' ? [p] : [];
    } catch {
      return [];
    }
  });
}
