// Pure: a scenario's runs grouped into cells (variant x load point x phase), each with the median and the
// min-max over its completed trials. Every renderer (Markdown, console, charts) reads these cells, so a
// figure is computed once and reads the same everywhere.

import {
  comparePoints,
  type LoadPoint,
  loadPointKey,
  pointOf,
  type RunPoint,
  runPointKey,
} from '../analysis/run-point.js';
import { type Stat, stat } from '../analysis/stats.js';
import type { RunResult, ScenarioResult } from '../model/result.js';

export interface LatencyStats {
  mean: Stat;
  p50: Stat;
  p95: Stat;
  p99: Stat;
  p999: Stat;
  max: Stat;
}

export interface Cell extends LoadPoint {
  variant: string;
  phase?: string;
  /** Every trial, completed or errored, in trial order. */
  runs: RunResult[];
  completed: RunResult[];
  errored: RunResult[];
  throughput?: Stat;
  unit?: { name: string; perOp: number; throughput: Stat };
  latency?: LatencyStats;
  /** Measured seconds per trial (for phases: the phase's wall time, the seed's figure). */
  seconds?: Stat;
  /** Failed ops summed over all trials, by kind, with the first hint seen for each kind. */
  errors: number;
  errorKinds: Record<string, number>;
  errorHints: Record<string, string>;
  pool?: { reuseRate: Stat; opened: Stat };
  /** Fixed-rate model: ops actually started per second. */
  achievedRate?: Stat;
}

/** Cells measured under the fixed-rate model, outside phases: what the fixed-rate table and chart show. */
export function fixedRateCells(cells: readonly Cell[]): Cell[] {
  return cells.filter((c) => c.rate !== undefined && !c.phase);
}

/** Order of first appearance: the order the scenario and the CLI chose. */
function orderOf(values: readonly string[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const v of values) if (!order.has(v)) order.set(v, order.size);
  return order;
}

export function variantsOf(scenario: ScenarioResult): string[] {
  return [...orderOf(scenario.runs.map((r) => r.variant)).keys()];
}

/** Phases in run order, 'total' last; empty for scenarios without phases. */
export function phasesOf(scenario: ScenarioResult): string[] {
  const phases = [...orderOf(scenario.runs.flatMap((r) => (r.phase ? [r.phase] : []))).keys()];
  return [...phases.filter((p) => p !== 'total'), ...phases.filter((p) => p === 'total')];
}

/** Load points sorted by rate, then concurrency, then swept options. */
export function pointsOf(scenario: ScenarioResult): LoadPoint[] {
  const seen = new Map<string, LoadPoint>();
  for (const r of scenario.runs) if (!seen.has(loadPointKey(r))) seen.set(loadPointKey(r), pointOf(r));
  return [...seen.values()].sort(comparePoints);
}

/** Cells ordered by load point, then phase, then variant: variants sit side by side for comparison. */
export function cellsOf(scenario: ScenarioResult): Cell[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of scenario.runs) groups.set(runPointKey(r), [...(groups.get(runPointKey(r)) ?? []), r]);
  const variantOrder = orderOf(variantsOf(scenario));
  const phaseOrder = orderOf(phasesOf(scenario));
  const pointOrder = orderOf(pointsOf(scenario).map(loadPointKey));
  const rank = (r: RunResult) => [
    pointOrder.get(loadPointKey(r)) ?? 0,
    phaseOrder.get(r.phase ?? '') ?? 0,
    variantOrder.get(r.variant) ?? 0,
  ];
  return [...groups.values()]
    .map((runs) => runs.sort((a, b) => a.trial - b.trial))
    .sort((a, b) => {
      const [ra, rb] = [rank(a[0]!), rank(b[0]!)];
      return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
    })
    .map(buildCell);
}

export function findCell(cells: readonly Cell[], where: RunPoint): Cell | undefined {
  return cells.find((c) => runPointKey(c) === runPointKey(where));
}

function buildCell(runs: RunResult[]): Cell {
  const first = runs[0]!;
  const completed = runs.filter((r) => r.status === 'completed');
  const measured = completed.filter((r) => r.latencyMs);
  const latency = (pick: (l: NonNullable<RunResult['latencyMs']>) => number) =>
    stat(measured.map((r) => pick(r.latencyMs!)))!;
  const errorKinds: Record<string, number> = {};
  const errorHints: Record<string, string> = {};
  for (const r of runs) {
    for (const [kind, n] of Object.entries(r.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
    for (const [kind, hint] of Object.entries(r.errorHints ?? {})) errorHints[kind] ??= hint;
  }
  const pooled = completed.filter((r) => r.pool);
  const units = completed.filter((r) => r.unit);
  const rated = completed.flatMap((r) => (r.load?.model === 'rate' ? [r.load.achievedRate] : []));
  const cell: Cell = {
    variant: first.variant,
    ...pointOf(first),
    ...(first.phase ? { phase: first.phase } : {}),
    runs,
    completed,
    errored: runs.filter((r) => r.status === 'errored'),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    errorKinds,
    errorHints,
  };
  const throughput = stat(completed.map((r) => r.throughput));
  if (throughput) cell.throughput = throughput;
  const seconds = stat(completed.map((r) => r.durationS));
  if (seconds) cell.seconds = seconds;
  if (measured.length > 0) {
    cell.latency = {
      mean: latency((l) => l.mean),
      p50: latency((l) => l.p50),
      p95: latency((l) => l.p95),
      p99: latency((l) => l.p99),
      p999: latency((l) => l.p999),
      max: latency((l) => l.max),
    };
  }
  const unit = units[0]?.unit;
  if (unit) {
    cell.unit = {
      name: unit.name,
      perOp: unit.perOp,
      throughput: stat(units.map((r) => r.unit!.throughput))!,
    };
  }
  if (pooled.length > 0) {
    cell.pool = {
      reuseRate: stat(pooled.map((r) => r.pool!.reuseRate))!,
      opened: stat(pooled.map((r) => r.pool!.opened))!,
    };
  }
  const achieved = stat(rated);
  if (achieved) cell.achievedRate = achieved;
  return cell;
}
