// The main results table of a scenario (variants x load point x phase, medians over trials with their
// spread) and the per-trial table behind it. Pure: builds the table model, says nothing about markup.

import { describeParams } from '../../analysis/run-point.js';
import type { Stat } from '../../analysis/stats.js';
import type { GeneratorHealth, RunResult, ScenarioResult } from '../../model/result.js';
import type { Cell } from '../aggregate.js';
import {
  formatCount,
  formatInt,
  formatMs,
  formatReuse,
  formatSeconds,
  loadLabel,
  spreadText,
} from '../display.js';
import { buildTable, type Column, cell, DASH, type Table, type TableCell } from './table.js';

type Def<T> = Column & { value: (row: T) => TableCell };

function figure(s: Stat | undefined, format: (v: number) => string): TableCell {
  return s ? cell(format(s.median), spreadText(s, format)) : DASH;
}

export function errorKinds(kinds: Record<string, number>): string | undefined {
  const entries = Object.entries(kinds).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${k} ${formatInt(n)}`).join(', ') : undefined;
}

/** Errored cells keep their row: it says why instead of showing figures. */
function orErrored(c: Cell, value: (c: Cell) => TableCell): TableCell {
  if (c.completed.length > 0) return value(c);
  return DASH;
}

export function resultsTable(scenario: ScenarioResult, cells: readonly Cell[]): Table {
  const anyRate = cells.some((c) => c.rate !== undefined);
  const anyPhase = cells.some((c) => c.phase);
  const unit = cells.find((c) => c.unit)?.unit;
  const anyPool = cells.some((c) => c.pool);
  const anyParams = cells.some((c) => c.params);
  const latency = (key: 'p50' | 'p95' | 'p99' | 'p999', header: string): Def<Cell> => ({
    key,
    header,
    align: 'right',
    value: (c) => orErrored(c, () => figure(c.latency?.[key], formatMs)),
  });
  const defs: Def<Cell>[] = [
    { key: 'variant', header: 'variant', align: 'left', value: (c) => cell(c.variant) },
    ...(anyRate
      ? [
          {
            key: 'rate',
            header: 'target rate (ops/s)',
            align: 'right',
            value: (c: Cell) => cell(c.rate !== undefined ? formatCount(c.rate) : '–'),
          } satisfies Def<Cell>,
        ]
      : []),
    { key: 'concurrency', header: 'c', align: 'right', value: (c) => cell(String(c.concurrency)) },
    ...(anyParams
      ? [
          {
            key: 'params',
            header: 'swept options',
            align: 'left',
            // a variant that reads none of the swept options ran once for all of them
            value: (c: Cell) => cell(describeParams(c.params) || 'not used'),
          } satisfies Def<Cell>,
        ]
      : []),
    ...(anyPhase
      ? [
          {
            key: 'phase',
            header: 'phase',
            align: 'left',
            value: (c: Cell) => cell(c.phase ?? ''),
          } satisfies Def<Cell>,
        ]
      : []),
    {
      key: 'throughput',
      header: 'throughput (ops/s)',
      align: 'right',
      value: (c) =>
        c.completed.length > 0
          ? figure(c.throughput, formatCount)
          : cell('errored', c.errored[0]?.error ?? 'no completed trial'),
    },
    ...(unit
      ? [
          {
            key: 'unitThroughput',
            header: `${unit.name}/s`,
            align: 'right',
            value: (c: Cell) => orErrored(c, () => figure(c.unit?.throughput, formatCount)),
          } satisfies Def<Cell>,
        ]
      : []),
    ...(anyRate
      ? [
          {
            key: 'achievedRate',
            header: 'achieved rate (ops/s)',
            align: 'right',
            value: (c: Cell) => orErrored(c, () => figure(c.achievedRate, formatCount)),
          } satisfies Def<Cell>,
        ]
      : []),
    ...(anyPhase
      ? [
          {
            key: 'seconds',
            header: 'seconds',
            align: 'right',
            value: (c: Cell) => orErrored(c, () => figure(c.seconds, formatSeconds)),
          } satisfies Def<Cell>,
        ]
      : []),
    latency('p50', 'p50 (ms)'),
    latency('p95', 'p95 (ms)'),
    latency('p99', 'p99 (ms)'),
    latency('p999', 'p99.9 (ms)'),
    {
      key: 'errors',
      header: 'errors (all trials)',
      align: 'right',
      value: (c) => cell(formatInt(c.errors), errorKinds(c.errorKinds)),
    },
    ...(anyPool
      ? [
          {
            key: 'reuse',
            header: 'reuse rate',
            align: 'right',
            value: (c: Cell) =>
              c.pool
                ? cell(formatReuse(c.pool.reuseRate.median), `opened ${formatInt(c.pool.opened.median)}`)
                : DASH,
          } satisfies Def<Cell>,
        ]
      : []),
    {
      key: 'trials',
      header: 'trials',
      align: 'right',
      value: (c) =>
        cell(
          c.errored.length ? `${c.completed.length} of ${c.runs.length}` : String(c.runs.length),
          c.errored.length ? `${c.errored.length} errored` : undefined,
        ),
    },
  ];
  return buildTable(defs, cells, resultNotes(scenario, cells));
}

/** Under the table: why trials errored, what each error kind means, what one op is. */
function resultNotes(scenario: ScenarioResult, cells: readonly Cell[]): string[] {
  const notes: string[] = [];
  const unit = cells.find((c) => c.unit)?.unit;
  if (unit) {
    notes.push(
      `One op is ${formatInt(unit.perOp)} ${unit.name}: latency is per op (per batch of ${unit.perOp}); ${unit.name}/s counts each of them.`,
    );
  }
  if (cells.some((c) => c.rate !== undefined)) {
    notes.push(
      "Fixed-rate load: latency is measured from each op's intended start (coordinated omission corrected).",
    );
  }
  for (const c of cells) {
    for (const r of c.errored) notes.push(`${describeRun(r)} errored: ${r.error ?? 'no reason recorded'}`);
  }
  const hints = new Map<string, string>();
  for (const c of cells) for (const [kind, hint] of Object.entries(c.errorHints)) hints.set(kind, hint);
  for (const [kind, hint] of hints) notes.push(`${kind}: ${hint}`);
  if (scenario.runs.some((r) => r.generator?.saturated)) {
    notes.push('Some runs saturated the load generator: see the warnings and the per-trial table.');
  }
  return notes;
}

function formatCpuPerOp(us: number): string {
  return us < 10 ? us.toFixed(2) : formatCount(us);
}

/** The load generator's own health in one cell; ⚠ when it, not the target, may have set the pace. */
function describeGenerator(g: GeneratorHealth): string {
  // Results saved before event-loop utilization was recorded lack it.
  const busy =
    typeof g.eventLoopUtilization === 'number' ? `${(g.eventLoopUtilization * 100).toFixed(0)} %` : '–';
  const text = `${busy} / ${formatMs(g.eventLoopDelayP99Ms)} ms / ${g.cpuPercent.toFixed(0)} %`;
  return g.saturated ? `${text} ⚠` : text;
}

export function describeRun(r: RunResult): string {
  return `${r.variant} at ${loadLabel(r)}${r.phase ? ` (${r.phase})` : ''}, trial ${r.trial}`;
}

/** Every trial as measured, errored ones saying why: the raw material behind the medians. */
export function perTrialTable(cells: readonly Cell[]): Table {
  const runs = cells.flatMap((c) => c.runs);
  const anyPhase = runs.some((r) => r.phase);
  const anyPool = runs.some((r) => r.pool);
  const anyGenerator = runs.some((r) => r.generator);
  const lat = (pick: (l: NonNullable<RunResult['latencyMs']>) => number) => (r: RunResult) =>
    r.latencyMs ? cell(formatMs(pick(r.latencyMs))) : DASH;
  const defs: Def<RunResult>[] = [
    { key: 'variant', header: 'variant', align: 'left', value: (r) => cell(r.variant) },
    { key: 'load', header: 'load', align: 'right', value: (r) => cell(loadLabel(r)) },
    ...(anyPhase
      ? [
          {
            key: 'phase',
            header: 'phase',
            align: 'left',
            value: (r: RunResult) => cell(r.phase ?? ''),
          } satisfies Def<RunResult>,
        ]
      : []),
    { key: 'trial', header: 'trial', align: 'right', value: (r) => cell(String(r.trial)) },
    {
      key: 'status',
      header: 'status',
      align: 'left',
      value: (r) => (r.status === 'completed' ? cell('completed') : cell('errored', r.error)),
    },
    { key: 'ops', header: 'ops', align: 'right', value: (r) => cell(formatInt(r.ops)) },
    { key: 'errors', header: 'errors', align: 'right', value: (r) => cell(formatInt(r.errors)) },
    { key: 'seconds', header: 'seconds', align: 'right', value: (r) => cell(formatSeconds(r.durationS)) },
    { key: 'throughput', header: 'ops/s', align: 'right', value: (r) => cell(formatCount(r.throughput)) },
    { key: 'p50', header: 'p50 (ms)', align: 'right', value: lat((l) => l.p50) },
    { key: 'p99', header: 'p99 (ms)', align: 'right', value: lat((l) => l.p99) },
    { key: 'max', header: 'max (ms)', align: 'right', value: lat((l) => l.max) },
    ...(anyPool
      ? [
          {
            key: 'opened',
            header: 'opened',
            align: 'right',
            value: (r: RunResult) => (r.pool ? cell(formatInt(r.pool.opened)) : DASH),
          } satisfies Def<RunResult>,
        ]
      : []),
    ...(anyGenerator
      ? [
          {
            key: 'generator',
            header: 'generator: loop busy / delay p99 / CPU',
            align: 'right',
            value: (r: RunResult) => (r.generator ? cell(describeGenerator(r.generator)) : DASH),
          } satisfies Def<RunResult>,
        ]
      : []),
    // Results saved before the CPU per op was recorded keep their table as it was.
    ...(runs.some((r) => r.generator?.cpuPerOpUs !== undefined)
      ? [
          {
            key: 'cpuPerOp',
            header: 'CPU per op (µs)',
            align: 'right',
            value: (r: RunResult) =>
              r.generator?.cpuPerOpUs !== undefined ? cell(formatCpuPerOp(r.generator.cpuPerOpUs)) : DASH,
          } satisfies Def<RunResult>,
        ]
      : []),
  ];
  return buildTable(defs, runs);
}
