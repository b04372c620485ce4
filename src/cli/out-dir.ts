// Where a command's files go: the folder is created and probed before anything is measured (a typo in
// --out costs nothing), and a result that cannot be written at the end still lands in the temp folder, so a
// measured run is never lost to a folder that vanished or a full disk.

import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, errorMessage } from '../errors.js';
import type { BenchmarkResult } from '../model/result.js';
import { exportResult, type Format } from '../report/exporters.js';

/** An OS error as a person reads it: "not a directory (ENOTDIR)", without the syscall and path. */
export function fileSystemReason(err: unknown): string {
  const { code } = err as NodeJS.ErrnoException;
  const message = errorMessage(err);
  if (!code) return message;
  if (code === 'EEXIST') return `a file is in the way, not a folder (${code})`;
  // Node's messages read "ENOTDIR: not a directory, mkdir 'x'": keep the words between code and syscall.
  const words = message.match(new RegExp(`^${code}: ([^,]+)`))?.[1] ?? message;
  return `${words} (${code})`;
}

/** Creates `dir` and writes and removes a probe file in it; a folder that cannot take files is a usage
 * problem naming `label` (the flag, or what the folder is when no flag chose it). Returns an undo that
 * removes the folders it created if they are still empty (a run that measured nothing leaves nothing). */
export function prepareOutDir(dir: string, label = '--out'): () => void {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.poolbench-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new ConfigError([`${label} ${dir}: ${fileSystemReason(err)}`]);
  }
  return () => {
    if (created === undefined) return;
    const top = resolve(created);
    for (let d = resolve(dir); d.startsWith(top); d = dirname(d)) {
      try {
        rmdirSync(d); // only ever an empty folder
      } catch {
        return;
      }
      if (d === top) return;
    }
  };
}

export type Saved =
  | { ok: true; files: string[] }
  /** `fallback` is where result.json went instead, when the folder did not get it. */
  | { ok: false; files: string[]; problem: string; fallback?: string };

/** Writes the formats' files into a folder prepared earlier (not re-created: a folder removed mid-run is
 * a problem to report, not to paper over). When result.json itself did not make it, it goes to
 * `fallbackFile` instead. */
export function saveExports(
  dir: string,
  result: BenchmarkResult,
  formats: readonly Format[],
  fallbackFile: string,
): Saved {
  const files: string[] = [];
  for (const { file, content } of exportResult(result, formats)) {
    const path = join(dir, file);
    try {
      writeFileSync(path, content);
      files.push(path);
    } catch (err) {
      const problem = `cannot write ${path}: ${fileSystemReason(err)}`;
      if (files.some((f) => f.endsWith('result.json')) || !formats.includes('json')) {
        return { ok: false, files, problem };
      }
      return { ok: false, files, problem, ...writeFallback(result, fallbackFile) };
    }
  }
  return { ok: true, files };
}

function writeFallback(result: BenchmarkResult, file: string): { fallback?: string } {
  try {
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    return { fallback: file };
  } catch {
    return {};
  }
}

/** A fresh name in the temp folder for a result that could not be written where asked. */
export function fallbackPath(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return join(tmpdir(), `poolbench-result-${stamp}-${process.pid}.json`);
}

/** The lines that tell the user what did not get written and where the result is instead. */
export function describeUnsaved(saved: Extract<Saved, { ok: false }>): string[] {
  const lines = [saved.problem];
  if (saved.fallback) {
    lines.push(
      `the result is saved in ${saved.fallback}; render it with: poolbench report ${saved.fallback} --out <dir>`,
    );
  } else if (!saved.files.some((f) => f.endsWith('result.json'))) {
    lines.push('the result could not be saved anywhere, not even in the temp folder');
  }
  return lines;
}
