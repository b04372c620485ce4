// `poolbench compare <baseline.json> <current.json>`: the CI regression gate. Exit 0 = no regression,
// 3 = regression found, 2 = invalid input (missing file, unknown schema, nothing comparable).

import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { checkComparable } from '../../gate/comparable.js';
import { compareResults } from '../../gate/compare.js';
import { parseRule } from '../../gate/thresholds.js';
import type { BenchmarkResult } from '../../model/result.js';
import type { GateOptions, Rule } from '../../model/verdict.js';
import { renderVerdictJson, renderVerdictMarkdown } from '../../report/formats/verdict.js';
import { loadResult } from './report.js';

export interface CompareFlags {
  threshold?: string;
  absolute?: boolean;
  failOn?: string[];
  config?: string;
  json?: boolean;
  out?: string;
  allowOtherTarget?: boolean;
  allowOtherMachine?: boolean;
}

interface GateConfigFile {
  threshold?: number;
  absolute?: boolean;
  failOn?: string[];
}

export function parseGateOptions(flags: CompareFlags): GateOptions {
  const problems: string[] = [];
  let file: GateConfigFile = {};
  if (flags.config) {
    try {
      file = JSON.parse(readFileSync(flags.config, 'utf8')) as GateConfigFile;
    } catch (err) {
      problems.push(`--config: cannot read ${flags.config}: ${errorMessage(err)}`);
    }
  }
  const thresholdText = flags.threshold ?? (file.threshold !== undefined ? String(file.threshold) : '10');
  const thresholdPercent = Number(thresholdText.replace(/%$/, ''));
  if (!Number.isFinite(thresholdPercent) || thresholdPercent < 0) {
    problems.push(`--threshold: expected a percentage such as 10 or 10%, got '${thresholdText}'`);
  }
  const rules: Rule[] = [];
  for (const text of [...(file.failOn ?? []), ...(flags.failOn ?? [])]) {
    const rule = parseRule(text);
    if (typeof rule === 'string') problems.push(rule);
    else rules.push(rule);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { thresholdPercent, absolute: flags.absolute ?? file.absolute ?? false, rules };
}

/** Compares and prints; returns EXIT.ok (pass) or EXIT.regression. */
export function gate(
  baseline: BenchmarkResult,
  current: BenchmarkResult,
  options: GateOptions,
  flags: CompareFlags,
): ExitCode {
  for (const m of checkComparable(baseline, current, flags))
    process.stderr.write(`poolbench: as asked, comparing although ${m.line}\n`);
  const verdict = compareResults(baseline, current, options);
  const markdown = renderVerdictMarkdown(verdict, baseline, current);
  if (flags.out) writeFileSync(flags.out, markdown);
  process.stdout.write(flags.json ? renderVerdictJson(verdict) : markdown);
  return verdict.passed ? EXIT.ok : EXIT.regression;
}

export function compareCommand(baselineFile: string, currentFile: string, flags: CompareFlags): ExitCode {
  const options = parseGateOptions(flags);
  const problems: string[] = [];
  const load = (file: string) => {
    try {
      return loadResult(file);
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : [errorMessage(err)]));
      return undefined;
    }
  };
  const baseline = load(baselineFile);
  const current = load(currentFile);
  if (!baseline || !current) throw new ConfigError(problems);
  return gate(baseline, current, options, flags);
}
