// `poolbench merge <result.json...> --out <dir>`: one result from shard results, reports re-rendered.

import { mergeResults } from '../../driver/merge-results.js';
import { ConfigError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { saveJson, writeReports } from '../output.js';
import { loadResult } from './report.js';

export function mergeCommand(files: string[], flags: { out?: string; format?: string }): ExitCode {
  if (files.length < 2) throw new ConfigError(['merge: give at least two result files']);
  if (!flags.out) throw new ConfigError(['merge: --out <dir> is required']);
  const problems: string[] = [];
  const parts = files.flatMap((name) => {
    try {
      return [{ name, result: loadResult(name) }];
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : [String(err)]));
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const merged = mergeResults(parts);
  const formats = (flags.format ?? 'md,png').split(',').filter((f) => f === 'md' || f === 'png') as (
    | 'md'
    | 'png'
  )[];
  const written = [saveJson(flags.out, merged), ...writeReports(flags.out, merged, formats)];
  process.stderr.write(`merged ${files.length} results; wrote ${written.join(', ')}\n`);
  return EXIT.ok;
}
