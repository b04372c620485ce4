// The only place that writes report files: exporters return content, this puts it on disk.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkResult } from '../model/result.js';
import { exportResult, FORMATS, type Format, isFormat } from '../report/exporters.js';

/** What `report`, `merge` and `gallery` write unless --format says otherwise; `run` and `merge` write
 * result.json whatever --format says. */
export const DEFAULT_FORMATS: readonly Format[] = ['md', 'png'];

export function defaultOutDir(startedAt: Date, scenarioIds: readonly string[]): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return join('reports', `${stamp}-${scenarioIds.join('+')}`);
}

/** `--format md,png` checked against the one table of exporters; every unknown name is a problem. */
export function parseFormats(text: string | undefined, problems: string[]): Format[] {
  if (text === undefined) return [...DEFAULT_FORMATS];
  const names = text.split(',').map((f) => f.trim());
  for (const f of names) {
    if (!isFormat(f)) problems.push(`--format: unknown format '${f}'; valid: ${FORMATS.join(', ')}`);
  }
  return names.filter(isFormat);
}

/** Writes the files of the given formats into dir; returns their paths. */
export function writeExports(dir: string, result: BenchmarkResult, formats: readonly Format[]): string[] {
  mkdirSync(dir, { recursive: true });
  return exportResult(result, formats).map(({ file, content }) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    return path;
  });
}
