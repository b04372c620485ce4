// The smaller tables of a scenario section: the seed's per-phase seconds, the per-op breakdown (connection
// tax), recovery after faults, micro-benchmarks, experiments, and facts. Pure table models, no markup.

import { stat } from '../../analysis/stats.js';
import type {
  BenchmarkResult,
  ExperimentResult,
  MicroBenchmark,
  RunResult,
  ScenarioResult,
} from '../../model/result.js';
import { redactText } from '../../util/redact.js';
import type { Cell } from '../aggregate.js';
import {
  formatCount,
  formatInt,
  formatMs,
  formatNs,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatValue,
  loadLabel,
  spreadText,
} from '../display.js';
import type { PhaseView } from '../phases.js';
import { describeRun, errorKinds } from './results.js';
import { buildTable, cell, DASH, type Table, type TableCell } from './table.js';

/** The seed's table: seconds per phase (rows) for each variant (columns), and the total. */
export function phaseSecondsTable(view: PhaseView): Table {
  const seconds = (s: ReturnType<typeof stat>): TableCell =>
    s ? cell(formatSeconds(s.median), spreadText(s, formatSeconds)) : DASH;
  const rows = [
    ...view.phases.map((phase, i) => ({ phase, of: (r: PhaseView['rows'][number]) => r.perPhase[i] })),
    { phase: 'total', of: (r: PhaseView['rows'][number]) => r.total },
  ];
  return buildTable(
    [
      { key: 'phase', header: 'phase', align: 'left', value: (row) => cell(row.phase) },
      ...view.rows.map((r) => ({
        key: r.variant,
        header: `${r.variant} (s)`,
        align: 'right' as const,
        value: (row: (typeof rows)[number]) => seconds(row.of(r)),
      })),
    ],
    rows,
    view.rows.flatMap((r) => r.errored.map((e) => `${r.variant} ${e}`)),
  );
}

/**
 * Sub-timings inside an op (connect vs query: the connection tax), medians over trials, with each step's
 * share of the op's mean latency. Phased scenarios show the total only, which merges every phase.
 */
export function breakdownTable(cells: readonly Cell[]): Table | undefined {
  const rows = cells
    .filter((c) => !c.phase || c.phase === 'total')
    .flatMap((c) => {
      const steps = [...new Set(c.completed.flatMap((r) => Object.keys(r.breakdownMs ?? {})))];
      return steps.map((step) => {
        const runs = c.completed.filter((r) => r.breakdownMs?.[step]);
        const pick = (f: (s: NonNullable<RunResult['breakdownMs']>[string]) => number) =>
          stat(runs.map((r) => f(r.breakdownMs![step]!)));
        const mean = pick((s) => s.mean);
        const share =
          mean && c.latency && c.latency.mean.median > 0 ? mean.median / c.latency.mean.median : undefined;
        return {
          c,
          step,
          p50: pick((s) => s.p50),
          p95: pick((s) => s.p95),
          p99: pick((s) => s.p99),
          p999: pick((s) => s.p999),
          mean,
          share,
        };
      });
    });
  if (rows.length === 0) return undefined;
  type Row = (typeof rows)[number];
  const ms = (f: (r: Row) => ReturnType<typeof stat>) => (r: Row) => {
    const s = f(r);
    return s ? cell(formatMs(s.median), spreadText(s, formatMs)) : DASH;
  };
  return buildTable(
    [
      { key: 'variant', header: 'variant', align: 'left', value: (r: Row) => cell(r.c.variant) },
      { key: 'load', header: 'load', align: 'right', value: (r: Row) => cell(loadLabel(r.c)) },
      { key: 'step', header: 'step', align: 'left', value: (r: Row) => cell(r.step) },
      { key: 'p50', header: 'p50 (ms)', align: 'right', value: ms((r) => r.p50) },
      { key: 'p95', header: 'p95 (ms)', align: 'right', value: ms((r) => r.p95) },
      { key: 'p99', header: 'p99 (ms)', align: 'right', value: ms((r) => r.p99) },
      { key: 'p999', header: 'p99.9 (ms)', align: 'right', value: ms((r) => r.p999) },
      { key: 'mean', header: 'mean (ms)', align: 'right', value: ms((r) => r.mean) },
      {
        key: 'share',
        header: 'share of op time',
        align: 'right',
        value: (r: Row) => (r.share !== undefined ? cell(formatPercent(r.share)) : DASH),
      },
    ],
    rows,
  );
}

/** Runs that hit errors and how long they took to get back to successful ops. */
export function recoveryTable(scenario: ScenarioResult, cells: readonly Cell[]): Table | undefined {
  const runs = cells.flatMap((c) => c.runs).filter((r) => r.recovery);
  if (runs.length === 0) return undefined;
  return buildTable(
    [
      { key: 'run', header: 'run', align: 'left', value: (r: RunResult) => cell(describeRun(r)) },
      {
        key: 'errors',
        header: 'errors',
        align: 'right',
        // by kind: a restarted server shows as resets, then refused connects, then nothing
        value: (r: RunResult) => cell(formatInt(r.errors), errorKinds(r.errorKinds)),
      },
      {
        key: 'first',
        header: 'first error at (s)',
        align: 'right',
        value: (r: RunResult) => cell(formatSeconds(r.recovery!.firstErrorAtS)),
      },
      {
        key: 'last',
        header: 'last error at (s)',
        align: 'right',
        value: (r: RunResult) => cell(formatSeconds(r.recovery!.lastErrorAtS)),
      },
      {
        key: 'recovery',
        header: 'recovered after',
        align: 'right',
        value: (r: RunResult) =>
          r.recovery!.recoveryMs === null ? cell('never') : cell(`${formatMs(r.recovery!.recoveryMs)} ms`),
      },
    ],
    runs,
    scenario.runs.some((r) => r.recovery && r.recovery.recoveryMs === null)
      ? ['never = no successful op after the last error before the window ended.']
      : [],
  );
}

export function microTable(micro: readonly MicroBenchmark[]): Table {
  return buildTable(
    [
      { key: 'task', header: 'task', align: 'left', value: (m: MicroBenchmark) => cell(m.name) },
      {
        key: 'time',
        header: 'time/op (mean)',
        align: 'right',
        value: (m: MicroBenchmark) => (m.error ? cell('errored', m.error) : cell(formatNs(m.nsPerOp))),
      },
      {
        key: 'nsPerOp',
        header: 'ns/op',
        align: 'right',
        value: (m: MicroBenchmark) => (m.error ? DASH : cell(formatInt(Math.round(m.nsPerOp)))),
      },
      {
        key: 'opsPerSec',
        header: 'ops/s',
        align: 'right',
        value: (m: MicroBenchmark) => (m.error ? DASH : cell(formatCount(m.opsPerSec))),
      },
      {
        key: 'p99',
        header: 'p99',
        align: 'right',
        value: (m: MicroBenchmark) => (m.error ? DASH : cell(formatNs(m.p99Ns))),
      },
      {
        key: 'samples',
        header: 'samples',
        align: 'right',
        value: (m: MicroBenchmark) => cell(formatInt(m.samples)),
      },
    ],
    micro,
  );
}

/** x down the side, one column per series (median, min–max over repeats); with two series, their ratio. */
export function experimentTable(exp: ExperimentResult): Table {
  const xs = [...new Set(exp.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const point = (series: ExperimentResult['series'][number], x: number) =>
    series.points.find((p) => p.x === x);
  const [a, b] = exp.series;
  const ratio =
    exp.series.length === 2 && a && b
      ? [
          {
            key: 'ratio',
            header: `${a.name} / ${b.name}`,
            align: 'right' as const,
            value: (x: number) => {
              const [pa, pb] = [point(a, x), point(b, x)];
              return pa && pb && pb.y > 0 ? cell(formatRatio(pa.y / pb.y)) : DASH;
            },
          },
        ]
      : [];
  return buildTable(
    [
      { key: 'x', header: exp.xLabel, align: 'right', value: (x: number) => cell(formatValue(x)) },
      ...exp.series.map((s, i) => ({
        key: `series${i}`,
        header: `${s.name} — ${exp.yLabel}`,
        align: 'right' as const,
        value: (x: number) => {
          const p = point(s, x);
          if (!p) return DASH;
          return cell(
            formatCount(p.y),
            p.min !== p.max ? `${formatCount(p.min)}–${formatCount(p.max)}` : undefined,
          );
        },
      })),
      ...ratio,
    ],
    xs,
  );
}

/** Facts as a two-column table (scenario details, options); values pass through redaction. */
export function keyValueTable(entries: readonly [string, unknown][], keyHeader = 'fact'): Table {
  return buildTable(
    [
      { key: 'key', header: keyHeader, align: 'left', value: ([k]: [string, unknown]) => cell(k) },
      {
        key: 'value',
        header: 'value',
        align: 'left',
        value: ([, v]: [string, unknown]) => cell(redactText(formatValue(v))),
      },
    ],
    entries,
  );
}

/** What each variant reported about itself (TLS version, memory...): its latest report per load point. */
export function variantDetailsTable(cells: readonly Cell[]): Table | undefined {
  const latest = new Map<string, { c: Cell; details: NonNullable<RunResult['details']> }>();
  for (const c of cells) {
    const last = [...c.runs].reverse().find((r) => r.details);
    if (last?.details) latest.set(`${c.variant}\u0000${loadLabel(c)}`, { c, details: last.details });
  }
  const rows = [...latest.values()];
  if (rows.length === 0) return undefined;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.details)))];
  type Row = (typeof rows)[number];
  return buildTable(
    [
      { key: 'variant', header: 'variant', align: 'left', value: (r: Row) => cell(r.c.variant) },
      { key: 'load', header: 'load', align: 'right', value: (r: Row) => cell(loadLabel(r.c)) },
      ...keys.map((k) => ({
        key: `detail:${k}`,
        header: k,
        align: 'left' as const,
        value: (r: Row) => (k in r.details ? cell(redactText(formatValue(r.details[k]))) : DASH),
      })),
    ],
    rows,
  );
}

export function environmentTable(result: BenchmarkResult): Table {
  const e = result.environment;
  const s = result.settings;
  const window =
    s.ops !== undefined
      ? `${formatInt(s.ops)} ops per run`
      : s.durationS !== undefined
        ? `${formatSeconds(s.durationS)} s per run`
        : 'per scenario';
  const entries: [string, unknown][] = [
    ['poolbench', e.poolbenchVersion],
    ['Node.js', `${e.node} (V8 ${e.v8})`],
    ['OS', `${e.os}, ${e.arch}`],
    ['kernel', e.kernel],
    ['CPU', `${e.cpuCount} × ${e.cpuModel}`],
    ['memory', `${formatInt(e.totalMemoryMiB)} MiB`],
    ['load model', e.loadModel],
    ['concurrency', s.concurrency.length ? s.concurrency.join(', ') : 'scenario defaults'],
    ...(s.rates ? ([['target rates (ops/s)', s.rates.join(', ')]] as [string, unknown][]) : []),
    ...(s.threads ? ([['generator threads', s.threads]] as [string, unknown][]) : []),
    ...Object.entries(s.sweep ?? {}).map(([k, v]): [string, unknown] => [`swept option ${k}`, v.join(', ')]),
    ['measured window', `${window}, after ${formatSeconds(s.warmupS)} s warm-up`],
    ['trials', `${s.trials}, variants interleaved`],
    ['started', result.startedAt],
    ['finished', result.finishedAt],
    ...(result.shard
      ? ([['shard', `${result.shard.index + 1} of ${result.shard.count}`]] as [string, unknown][])
      : []),
    ...(result.mergedFrom
      ? ([['merged from', `${result.mergedFrom.length} shard results`]] as [string, unknown][])
      : []),
  ];
  return keyValueTable(entries, 'setting');
}
