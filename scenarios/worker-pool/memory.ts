// Memory of worker processes. RSS counts shared pages (the interpreter's libraries) in every process, so
// a pool's summed RSS overstates what it costs; PSS splits shared pages among their sharers and sums
// honestly. Linux gives both in /proc; elsewhere `ps` gives RSS only.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  rssKiB: number;
  /** Proportional set size; undefined where /proc/<pid>/smaps_rollup is not available. */
  pssKiB?: number;
}

/** Undefined when the process is gone. */
export function processMemory(pid: number): ProcessMemory | undefined {
  const rssKiB = procField(`/proc/${pid}/status`, 'VmRSS') ?? psRss(pid);
  if (rssKiB === undefined) return undefined;
  const pssKiB = procField(`/proc/${pid}/smaps_rollup`, 'Pss');
  return pssKiB === undefined ? { rssKiB } : { rssKiB, pssKiB };
}

/** Per-worker and whole-pool figures in MiB, for a pooled run's details. */
export function poolMemory(pids: readonly number[]): Record<string, number> {
  const samples = pids.map(processMemory).filter((m): m is ProcessMemory => m !== undefined);
  if (samples.length === 0) return {};
  const rss = samples.map((m) => m.rssKiB);
  const pss = samples.map((m) => m.pssKiB).filter((v): v is number => v !== undefined);
  return {
    poolWorkers: samples.length,
    poolRssPerWorkerMiB: mib(sum(rss) / rss.length),
    poolRssMaxWorkerMiB: mib(Math.max(...rss)),
    poolRssTotalMiB: mib(sum(rss)),
    ...(pss.length === samples.length
      ? { poolPssPerWorkerMiB: mib(sum(pss) / pss.length), poolPssTotalMiB: mib(sum(pss)) }
      : {}),
  };
}

/** One worker's figures in MiB under `<prefix>RssMiB` / `<prefix>PssMiB`. */
export function workerMemory(pid: number | undefined, prefix: string): Record<string, number> {
  const m = pid === undefined ? undefined : processMemory(pid);
  if (!m) return {};
  return {
    [`${prefix}RssMiB`]: mib(m.rssKiB),
    ...(m.pssKiB !== undefined ? { [`${prefix}PssMiB`]: mib(m.pssKiB) } : {}),
  };
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function procField(path: string, field: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

function psRss(pid: number): number | undefined {
  if (process.platform === 'linux') return undefined; // /proc already said the process is gone
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    const kib = Number(out.trim());
    return Number.isFinite(kib) && kib > 0 ? kib : undefined;
  } catch {
    return undefined;
  }
}
