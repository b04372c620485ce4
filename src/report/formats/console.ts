// The summary printed after a run: the same tables and sentences as report.md, compact and aligned for a
// terminal. Phased scenarios show their totals and the seed's seconds per phase. Pure: result -> string.

import type { BenchmarkResult, ScenarioResult } from '../../model/result.js';
import { redactText } from '../../util/redact.js';
import { cellsOf } from '../aggregate.js';
import { loadLabel } from '../display.js';
import { phaseViews, TOTAL_PHASE } from '../phases.js';
import { comparisonLines, gainSentence, microRatioLines } from '../sentences.js';
import { calibrationTable } from '../tables/calibration.js';
import { recommendationLines } from '../tables/recommendation.js';
import { resultsTable } from '../tables/results.js';
import { experimentTable, microTable, phaseSecondsTable, recoveryTable } from '../tables/sections.js';
import { selectColumns, type Table } from '../tables/table.js';
import { displayWarnings } from '../warnings.js';

/** A terminal summary shows this many warnings in full; report.md has them all. */
const MAX_WARNINGS = 4;

const SUMMARY_COLUMNS = [
  'variant',
  'rate',
  'concurrency',
  'params',
  'phase',
  'throughput',
  'unitThroughput',
  'seconds',
  'p50',
  'p99',
  'errors',
  'reuse',
  'trials',
];

export function consoleTable(table: Table, indent = '  '): string[] {
  const texts = [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((c) => c.text))];
  const widths = table.columns.map((_, i) => Math.max(...texts.map((row) => (row[i] ?? '').length)));
  return texts.map(
    (row) =>
      indent +
      row
        .map((text, i) =>
          table.columns[i]?.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!),
        )
        .join('  ')
        .trimEnd(),
  );
}

function scenarioSummary(s: ScenarioResult): string[] {
  const t = s.target;
  const out = [`${s.id}: ${[t.description, t.url && redactText(t.url)].filter(Boolean).join(' · ')}`];
  if (s.recommendation) for (const line of recommendationLines(s.recommendation)) out.push(`  => ${line}`);
  const warnings = displayWarnings(s);
  for (const w of warnings.slice(0, MAX_WARNINGS)) out.push(`  ! ${redactText(w)}`);
  if (warnings.length > MAX_WARNINGS)
    out.push(`  ! ... and ${warnings.length - MAX_WARNINGS} more warnings: see report.md`);
  const phased = s.runs.some((r) => r.phase);
  const cells = cellsOf(s).filter((c) => !phased || c.phase === TOTAL_PHASE);
  if (cells.length === 0) out.push('  no measured runs');
  else {
    const table = selectColumns(resultsTable(s, cells), SUMMARY_COLUMNS);
    out.push(...consoleTable(table));
    for (const note of table.notes) out.push(`  - ${redactText(note)}`);
  }
  for (const view of phaseViews(s)) {
    out.push(
      `  seconds per phase at ${loadLabel(view.point)}:`,
      ...consoleTable(phaseSecondsTable(view), '    '),
    );
    for (const g of view.gains) out.push(`  ${gainSentence(g, s.baseline, view.point)}`);
  }
  // After a fault: each run's errors by kind and how long it took to get back to successful ops.
  const recovery = recoveryTable(s, cells);
  if (recovery) {
    out.push('  recovery after errors:');
    for (const [run, errors, , , recovered] of recovery.rows) {
      const kinds = errors?.detail ? ` (${errors.detail})` : '';
      const after =
        recovered?.text === 'never'
          ? 'no successful op after the last error before the window ended'
          : `recovered after ${recovered?.text}`;
      out.push(`    ${run?.text}: ${errors?.text} errors${kinds}, ${after}`);
    }
  }
  const totals = phased ? { ...s, comparisons: s.comparisons.filter((c) => c.phase === TOTAL_PHASE) } : s;
  for (const line of comparisonLines(totals)) out.push(`  ${line}`);
  if (s.microbenchmarks?.length) {
    out.push(
      '  micro-benchmarks:',
      ...consoleTable(selectColumns(microTable(s.microbenchmarks), ['task', 'time', 'opsPerSec']), '    '),
    );
    for (const line of microRatioLines(s.microbenchmarks)) out.push(`  ${line}`);
  }
  for (const exp of s.experiments ?? []) {
    out.push(`  ${exp.title}:`, ...consoleTable(experimentTable(exp), '    '));
  }
  return out;
}

export function renderConsoleSummary(result: BenchmarkResult): string {
  const out: string[] = [];
  if (result.interrupted) out.push('interrupted: the results hold only what finished');
  for (const s of result.scenarios) out.push(...scenarioSummary(s), '');
  if (result.scenarios.length === 0 && !result.calibration) out.push('no scenario finished');
  if (result.calibration) {
    const table = calibrationTable(result.calibration);
    out.push('calibration:', ...consoleTable(table), ...table.notes.map((n) => `  - ${redactText(n)}`));
  }
  return out.join('\n').trimEnd();
}
