// `poolbench report <result.json>`: re-renders a saved run without measuring anything.

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, errorMessage } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { type BenchmarkResult, SCHEMA_VERSION } from '../../model/result.js';
import { describeUnsaved, fallbackPath, prepareOutDir, saveExports } from '../out-dir.js';
import { parseFormats } from '../output.js';

export function loadResult(file: string): BenchmarkResult {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`cannot read result file ${file}: ${errorMessage(err)}`]);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new ConfigError([
      `${file}: unknown schemaVersion ${JSON.stringify(version)}; this poolbench reads schemaVersion ${SCHEMA_VERSION}`,
    ]);
  }
  return data as BenchmarkResult;
}

export function reportCommand(file: string, flags: { out?: string; format?: string }): ExitCode {
  const problems: string[] = [];
  const formats = parseFormats(flags.format, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const result = loadResult(file);
  const out = flags.out ?? dirname(file);
  prepareOutDir(out, flags.out ? '--out' : "the result file's folder (choose another with --out)");
  const saved = saveExports(out, result, formats, fallbackPath(new Date()));
  if (saved.files.length > 0) process.stderr.write(`wrote ${saved.files.join(', ')}\n`);
  if (saved.ok) return EXIT.ok;
  for (const line of describeUnsaved(saved)) process.stderr.write(`poolbench: ${line}\n`);
  return EXIT.runFailed;
}
