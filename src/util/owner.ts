// Who left something behind, and whether they are gone. Folders, rows and keys that a run leaves when it is
// killed carry an owner: the pid of the poolbench process, its "pid space" and when it started. A pid alone
// does not say whether its process is gone: after a reboot, or seen from another container (another pid
// namespace), the same number names someone else. So a pid is only looked up in the pid space it came from
// (the kernel's boot id and pid namespace on Linux, the host name elsewhere); an owner from anywhere else
// counts as gone only once it is more than a day old.

import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export interface Owner {
  pid: number;
  /** A hash naming where `pid` means this process: boot id + pid namespace (Linux), host name elsewhere. */
  pidSpace: string;
  /** ISO time the owner started. */
  startedAt: string;
}

/** Whatever is older than this is taken as abandoned, wherever its owner ran. */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

let space: string | undefined;

export function pidSpace(): string {
  space ??= createHash('sha256').update(pidSpaceFacts()).digest('hex').slice(0, 16);
  return space;
}

function pidSpaceFacts(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return `host ${hostname()}`;
  }
}

/** This process as an owner. */
export function thisProcess(): Owner {
  return {
    pid: process.pid,
    pidSpace: pidSpace(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
}

/** Fields 3.. of /proc/<pid>/stat (after the command name, which may hold spaces); undefined off Linux or once gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** True when no process has this pid here, or only a zombie waiting for its parent to reap it. */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, it is just someone else's.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return statFields(pid)?.[0] === 'Z';
}

/**
 * When the process started, in clock ticks since boot (Linux); undefined elsewhere. Recorded next to a pid,
 * it tells the process apart from a later one that got the same number.
 */
export function processStartTicks(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** Why the owner counts as gone (for the line naming what was removed), or undefined while it may be alive. */
export function ownerGone(owner: Owner, now = Date.now()): string | undefined {
  const here = owner.pidSpace === pidSpace();
  if (here && processGone(owner.pid)) return `its process (pid ${owner.pid}) is gone`;
  const started = Date.parse(owner.startedAt);
  if (now - started > ABANDONED_AFTER_MS) {
    const where = here ? 'here' : 'on another machine or container';
    return `it started ${owner.startedAt.slice(0, 16).replace('T', ' ')} UTC ${where}, more than a day ago`;
  }
  return undefined;
}

/** Reads an owner back from JSON written by thisProcess(); undefined for anything else. */
export function parseOwner(value: unknown): Owner | undefined {
  const o = value as Partial<Owner> | null;
  if (typeof o !== 'object' || o === null) return undefined;
  if (!Number.isInteger(o.pid) || typeof o.pidSpace !== 'string' || typeof o.startedAt !== 'string') {
    return undefined;
  }
  if (Number.isNaN(Date.parse(o.startedAt))) return undefined;
  return { pid: o.pid!, pidSpace: o.pidSpace, startedAt: o.startedAt };
}
