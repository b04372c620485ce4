// `poolbench merge <result.json...> --out <dir>`: one result from shard results, reports re-rendered.

import { mergeResults } from '../../driver/split/merge-results.js';
import { ConfigError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { describeUnsaved, fallbackPath, prepareOutDir, saveExports } from '../out-dir.js';
import { parseFormats } from '../output.js';
import { loadResult } from './report.js';

export function mergeCommand(files: string[], flags: { out?: string; format?: string }): ExitCode {
  const usage: string[] = [];
  if (files.length < 2) usage.push('merge: give at least two result files');
  if (!flags.out) usage.push('merge: --out <dir> is required');
  const formats = parseFormats(flags.format, usage);
  if (usage.length > 0 || !flags.out) throw new ConfigError(usage);
  prepareOutDir(flags.out);
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
  // The merged result.json is the point of merging: always written, whatever --format asks besides.
  const saved = saveExports(flags.out, merged, ['json', ...formats], fallbackPath(new Date()));
  process.stderr.write(`merged ${files.length} results; wrote ${saved.files.join(', ') || 'nothing'}\n`);
  if (saved.ok) return EXIT.ok;
  for (const line of describeUnsaved(saved)) process.stderr.write(`poolbench: ${line}\n`);
  return EXIT.runFailed;
}
