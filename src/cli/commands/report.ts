// `poolbench report <result.json>`: re-renders a saved run without measuring anything.

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, errorMessage } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { type BenchmarkResult, SCHEMA_VERSION } from '../../model/result.js';
import { writeReports } from '../output.js';
import { FORMATS, type Format } from '../run-config.js';

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
  const formats = (flags.format ?? 'md,png').split(',').map((f) => f.trim());
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0)
    throw new ConfigError(bad.map((f) => `--format: unknown format '${f}'; valid: ${FORMATS.join(', ')}`));
  const result = loadResult(file);
  const files = writeReports(flags.out ?? dirname(file), result, formats as Format[]);
  process.stderr.write(`wrote ${files.join(', ')}\n`);
  return EXIT.ok;
}
