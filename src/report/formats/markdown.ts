// report.md: how the shared tables and sentences look in GitHub-flavoured Markdown. Pure: result -> string.

import { loadPointKey } from '../../analysis/run-point.js';
import type { BenchmarkResult, CalibrationResult, ScenarioResult } from '../../model/result.js';
import { redactText } from '../../util/redact.js';
import { cellsOf, pointsOf } from '../aggregate.js';
import type { ChartLink } from '../charts/specs.js';
import { formatSeconds, formatValue, loadLabel } from '../display.js';
import { phaseViews, TOTAL_PHASE } from '../phases.js';
import { comparisonLines, gainSentence, microRatioLines } from '../sentences.js';
import { calibrationTable } from '../tables/calibration.js';
import { rateTable } from '../tables/rate.js';
import { recommendationLines, recommendationTable } from '../tables/recommendation.js';
import { perTrialTable, resultsTable } from '../tables/results.js';
import {
  breakdownTable,
  environmentTable,
  experimentTable,
  keyValueTable,
  microTable,
  phaseSecondsTable,
  recoveryTable,
  variantDetailsTable,
} from '../tables/sections.js';
import type { Table, TableCell } from '../tables/table.js';
import { displayWarnings } from '../warnings.js';

export interface MarkdownOptions {
  /** The charts written beside the report, shown where they belong; none by default. */
  charts?: readonly ChartLink[];
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function cellText(c: TableCell | undefined): string {
  if (!c) return '';
  return escapeCell(c.detail ? `${c.text} (${c.detail})` : c.text);
}

export function markdownTable(table: Table): string {
  const header = `| ${table.columns.map((c) => escapeCell(c.header)).join(' | ')} |`;
  const rule = `|${table.columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`;
  const rows = table.rows.map((row) => `| ${table.columns.map((_, i) => cellText(row[i])).join(' | ')} |`);
  const notes = table.notes.length ? ['', ...table.notes.map((n) => `- ${escapeLine(n)}`)] : [];
  return [header, rule, ...rows, ...notes].join('\n');
}

/** Free text from a scenario or an error: redacted, and kept from starting Markdown structures by accident. */
function escapeLine(text: string): string {
  return redactText(text).replace(/\r?\n/g, ' ');
}

function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${escapeLine(l)}`).join('\n');
}

function images(charts: readonly ChartLink[], scenario: string, kind: (k: string) => boolean): string[] {
  return charts.filter((c) => c.scenario === scenario && kind(c.kind)).map((c) => `![${c.title}](${c.file})`);
}

function targetLine(s: ScenarioResult): string {
  const t = s.target;
  const server = [t.server, t.serverVersion].filter(Boolean).join(' ');
  return [
    escapeLine(t.description),
    ...(t.url ? [`\`${redactText(t.url)}\``] : []),
    ...(server ? [`server ${escapeLine(server)}`] : []),
    ...(t.embedded ? ['started by poolbench for this run'] : []),
  ].join(' · ');
}

function optionsLine(s: ScenarioResult): string {
  const entries = Object.entries(s.options);
  if (entries.length === 0) return 'none';
  return entries.map(([k, v]) => `\`${k}=${redactText(formatValue(v)).replace(/`/g, "'")}\``).join(', ');
}

function warningBlock(warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  return ['> [!WARNING]', ...warnings.map((w) => `> - ${escapeLine(w)}`), ''];
}

function scenarioSection(result: BenchmarkResult, s: ScenarioResult, charts: readonly ChartLink[]): string[] {
  const cells = cellsOf(s);
  const variants = [...new Set(s.runs.map((r) => r.variant))];
  const trials = result.settings.trials;
  const out: string[] = [
    `## ${s.id}`,
    '',
    escapeLine(s.description),
    '',
    `- **Target:** ${targetLine(s)}`,
    ...(variants.length
      ? [`- **Variants:** ${variants.map((v) => `\`${v}\``).join(', ')}; baseline \`${s.baseline}\``]
      : []),
    `- **Options:** ${optionsLine(s)}`,
    ...(s.startSkewMs !== undefined
      ? [`- **Start skew:** ${formatSeconds(s.startSkewMs / 1000)} s late`]
      : []),
    '',
    ...warningBlock(displayWarnings(s)),
  ];
  if (s.recommendation) {
    out.push(
      '### Pool size',
      '',
      bullets(recommendationLines(s.recommendation)),
      '',
      markdownTable(recommendationTable(s.recommendation)),
      '',
      ...spaced(images(charts, s.id, (k) => k === 'pool-size')),
    );
  }

  out.push('### Results', '');
  if (cells.length === 0) {
    out.push('No measured runs in this scenario.', '');
  } else {
    out.push(
      `${trials === 1 ? 'One trial' : `Median over ${trials} trials, (min–max) across trials`}; latency per op in ms. Errors are counted, not hidden.`,
      '',
      markdownTable(resultsTable(s, cells)),
      '',
    );
  }
  const comparisons = comparisonLines(s);
  if (comparisons.length) out.push('**Compared with the baseline:**', '', bullets(comparisons), '');
  out.push(...spaced(images(charts, s.id, (k) => ['throughput', 'latency', 'scaling'].includes(k))));

  const rate = rateTable(cells);
  if (rate) {
    out.push(
      '### Fixed-rate load',
      '',
      'Ops were started on a schedule, whether or not earlier ones had finished. Corrected latency counts from each op’s intended start, so a stall is charged to every op that should have been sent; service time counts from the actual start (what a closed loop reports). Variants at the same target rate are compared at equal load — the fair comparison for pools.',
      '',
      markdownTable(rate),
      '',
      ...spaced(images(charts, s.id, (k) => k === 'rate-latency')),
    );
  }

  const views = phaseViews(s);
  if (views.length) {
    out.push("### Seconds per phase (the seed's view)", '');
    for (const view of views) {
      if (views.length > 1) out.push(`#### ${loadLabel(view.point)}`, '');
      out.push(markdownTable(phaseSecondsTable(view)), '');
      const gains = view.gains.map((g) => gainSentence(g, s.baseline, view.point));
      if (gains.length) out.push(bullets(gains), '');
    }
    out.push(...spaced(images(charts, s.id, (k) => k === 'phases')));
  }

  const breakdown = breakdownTable(cells);
  if (breakdown) {
    out.push(
      '### Time inside an op (connection tax)',
      '',
      'Sub-timings the driver recorded inside each op, medians over trials; the share is of the mean op latency.',
      '',
      markdownTable(breakdown),
      '',
    );
  }
  const recovery = recoveryTable(s, cells);
  if (recovery) out.push('### Recovery after errors', '', markdownTable(recovery), '');
  if (s.microbenchmarks?.length) {
    out.push('### Micro-benchmarks', '', markdownTable(microTable(s.microbenchmarks)), '');
    const ratios = microRatioLines(s.microbenchmarks);
    if (ratios.length) out.push(bullets(ratios), '');
    out.push(...spaced(images(charts, s.id, (k) => k === 'micro')));
  }
  if (s.experiments?.length) {
    out.push('### Experiments', '');
    for (const exp of s.experiments) {
      out.push(`#### ${escapeLine(exp.title)}`, '', markdownTable(experimentTable(exp)), '');
      if (exp.note) out.push(escapeLine(exp.note), '');
      out.push(...spaced(images(charts, s.id, (k) => k === `experiment:${exp.id}`)));
    }
  }
  const details = Object.entries(s.details ?? {});
  const variantDetails = variantDetailsTable(cells);
  if (details.length || variantDetails) {
    out.push('### Details', '');
    if (details.length) out.push(markdownTable(keyValueTable(details)), '');
    if (variantDetails) out.push(markdownTable(variantDetails), '');
  }
  if (s.notes.length) out.push('### Notes', '', bullets(s.notes), '');
  if (s.runs.length) {
    out.push(
      '<details>',
      `<summary>Every trial (${s.runs.length} runs)</summary>`,
      '',
      markdownTable(perTrialTable(cells)),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

/** The findings a reader wants first: per scenario, the comparisons at its highest load point (phase totals for
 * phased scenarios), the seed's performance gain, and the micro-benchmark ratios. */
function headline(s: ScenarioResult): string[] {
  const top = pointsOf(s).at(-1);
  const phased = s.runs.some((r) => r.phase);
  const atTop = comparisonLines({
    ...s,
    comparisons: s.comparisons.filter(
      (c) =>
        top !== undefined && loadPointKey(c) === loadPointKey(top) && (!phased || c.phase === TOTAL_PHASE),
    ),
  });
  const gains = phaseViews(s)
    .filter((v) => top !== undefined && loadPointKey(v.point) === loadPointKey(top))
    .flatMap((v) => v.gains.map((g) => gainSentence(g, s.baseline, v.point)));
  const micro = s.microbenchmarks ? microRatioLines(s.microbenchmarks) : [];
  const n = displayWarnings(s).length;
  const warned = n ? [`⚠ ${n} warning${n === 1 ? '' : 's'}: read them before quoting these figures`] : [];
  return [...atTop, ...gains, ...micro, ...warned].map((l) => `${s.id}: ${l}`);
}

function spaced(lines: string[]): string[] {
  return lines.flatMap((l) => [l, '']);
}

/** poolbench against a bare loop with the same library and the native tool: the report's own proof. */
function calibrationSection(c: CalibrationResult): string[] {
  return [
    '## Calibration',
    '',
    "Each workload measured three ways against the same target, interleaved: poolbench (the driver, histograms and all), a bare loop with the same client library and a plain counter, and the protocol's native benchmark tool.",
    '',
    markdownTable(calibrationTable(c)),
    '',
  ];
}

export function renderMarkdown(result: BenchmarkResult, options: MarkdownOptions = {}): string {
  const charts = options.charts ?? [];
  const out: string[] = [
    '# poolbench report',
    '',
    `What connection pooling buys, measured by poolbench ${result.tool.version} from ${result.startedAt} to ${result.finishedAt}.`,
    '',
  ];
  if (result.interrupted) {
    out.push('> [!CAUTION]', '> The run was interrupted (Ctrl-C): this report holds only what finished.', '');
  }
  // `poolbench size`: the answer first.
  for (const s of result.scenarios) {
    for (const v of s.recommendation?.variants ?? []) out.push(`**${s.id}:** ${escapeLine(v.sentence)}`, '');
  }
  const summary = result.scenarios.flatMap(headline);
  if (summary.length) out.push('## Summary', '', bullets(summary), '');
  if (result.scenarios.length > 1) {
    out.push(`Scenarios: ${result.scenarios.map((s) => `[${s.id}](#${s.id})`).join(', ')}`, '');
  }
  for (const s of result.scenarios) out.push(...scenarioSection(result, s, charts));
  if (result.calibration) out.push(...calibrationSection(result.calibration));
  out.push('## Environment', '', markdownTable(environmentTable(result)), '');
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
