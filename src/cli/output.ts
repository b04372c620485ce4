// The only place that writes report files: renderers return content, this puts it on disk.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkResult } from '../model/result.js';
import { renderGithubActionBenchmark } from '../report/github-action-benchmark.js';
import { renderFormats } from '../report/index.js';
import type { Format } from './run-config.js';

export function defaultOutDir(startedAt: Date, scenarioIds: readonly string[]): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return join('reports', `${stamp}-${scenarioIds.join('+')}`);
}

export function saveJson(dir: string, result: BenchmarkResult): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'result.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function writeReports(dir: string, result: BenchmarkResult, formats: readonly Format[]): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    ...renderFormats(
      result,
      formats.filter((f) => f !== 'github-action-benchmark'),
    ),
    ...(formats.includes('github-action-benchmark') ? renderGithubActionBenchmark(result) : []),
  ];
  return files.map(({ file, content }) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    return path;
  });
}
