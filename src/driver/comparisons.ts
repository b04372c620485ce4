// Pure: for every non-baseline variant, its ratios against the baseline at the same concurrency (and phase),
// paired trial by trial, as the median with the min-max across trials.

import type { Comparison, RunResult } from '../model/result.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of some trials, with their min-max. */
export function spread(values: readonly number[]): { median: number; range: [number, number] } {
  return { median: median(values), range: [Math.min(...values), Math.max(...values)] };
}

/** Swept options as text, in a stable order: { poolSize: 10 } -> 'poolSize=10'. */
export function describeParams(params: Record<string, number> | undefined): string {
  return Object.entries(params ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Where a run or comparison sits: variant, load point (concurrency, rate, swept options) and phase. */
export type RunPoint = Pick<RunResult, 'variant' | 'concurrency' | 'rate' | 'params' | 'phase'>;

/** Just the fields of a RunPoint, the absent ones left out. */
export function runPoint(r: RunPoint): RunPoint {
  return {
    variant: r.variant,
    concurrency: r.concurrency,
    ...(r.rate !== undefined ? { rate: r.rate } : {}),
    ...(r.params ? { params: r.params } : {}),
    ...(r.phase ? { phase: r.phase } : {}),
  };
}

/** The load point and phase, without the variant: runs with equal keys are compared with each other. */
const key = (r: Omit<RunPoint, 'variant'>) =>
  `${r.concurrency}\u0000${r.rate ?? ''}\u0000${r.phase ?? ''}\u0000${describeParams(r.params)}`;

/** Runs with equal keys are trials of the same variant at the same point. */
export const runPointKey = (r: RunPoint) => `${r.variant}\u0000${key(r)}`;

export function compareRuns(runs: readonly RunResult[], baseline: string): Comparison[] {
  const completed = runs.filter((r) => r.status === 'completed' && r.latencyMs && r.throughput > 0);
  const baselineByKeyTrial = new Map<string, RunResult>();
  for (const r of completed)
    if (r.variant === baseline) baselineByKeyTrial.set(`${key(r)}\u0000${r.trial}`, r);

  const groups = new Map<string, { where: RunPoint; pairs: [RunResult, RunResult][] }>();
  for (const r of completed) {
    if (r.variant === baseline) continue;
    const base = baselineByKeyTrial.get(`${key(r)}\u0000${r.trial}`);
    if (!base) continue;
    const groupKey = runPointKey(r);
    let group = groups.get(groupKey);
    if (!group) {
      group = { where: runPoint(r), pairs: [] };
      groups.set(groupKey, group);
    }
    group.pairs.push([base, r]);
  }

  return [...groups.values()].map(({ where, pairs }) => {
    // A pipeline's op is a batch: compare what both sides deliver, commands/s against commands/s.
    const delivered = (r: RunResult) => r.unit?.throughput ?? r.throughput;
    const throughput = spread(pairs.map(([b, v]) => delivered(v) / delivered(b)));
    const p50 = spread(pairs.map(([b, v]) => b.latencyMs!.p50 / v.latencyMs!.p50));
    const p99 = spread(pairs.map(([b, v]) => b.latencyMs!.p99 / v.latencyMs!.p99));
    return {
      baseline,
      ...where,
      throughputRatio: throughput.median,
      throughputRatioRange: throughput.range,
      p50Ratio: p50.median,
      p50RatioRange: p50.range,
      p99Ratio: p99.median,
      p99RatioRange: p99.range,
    };
  });
}
