// Pure: for every non-baseline variant, its ratios against the baseline at the same concurrency (and phase),
// paired trial by trial, as the median with the min-max across trials.

import type { Comparison, RunResult } from '../model/result.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: readonly number[]): { median: number; range: [number, number] } {
  return { median: median(values), range: [Math.min(...values), Math.max(...values)] };
}

const key = (r: RunResult) => `${r.concurrency}\u0000${r.rate ?? ''}\u0000${r.phase ?? ''}`;

export function compareRuns(runs: readonly RunResult[], baseline: string): Comparison[] {
  const completed = runs.filter((r) => r.status === 'completed' && r.latencyMs && r.throughput > 0);
  const baselineByKeyTrial = new Map<string, RunResult>();
  for (const r of completed)
    if (r.variant === baseline) baselineByKeyTrial.set(`${key(r)}\u0000${r.trial}`, r);

  const groups = new Map<
    string,
    { variant: string; concurrency: number; rate?: number; phase?: string; pairs: [RunResult, RunResult][] }
  >();
  for (const r of completed) {
    if (r.variant === baseline) continue;
    const base = baselineByKeyTrial.get(`${key(r)}\u0000${r.trial}`);
    if (!base) continue;
    const groupKey = `${r.variant}\u0000${key(r)}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = {
        variant: r.variant,
        concurrency: r.concurrency,
        ...(r.rate !== undefined ? { rate: r.rate } : {}),
        ...(r.phase ? { phase: r.phase } : {}),
        pairs: [],
      };
      groups.set(groupKey, group);
    }
    group.pairs.push([base, r]);
  }

  return [...groups.values()].map(({ variant, concurrency, rate, phase, pairs }) => {
    const throughput = spread(pairs.map(([b, v]) => v.throughput / b.throughput));
    const p50 = spread(pairs.map(([b, v]) => b.latencyMs!.p50 / v.latencyMs!.p50));
    const p99 = spread(pairs.map(([b, v]) => b.latencyMs!.p99 / v.latencyMs!.p99));
    return {
      baseline,
      variant,
      concurrency,
      ...(rate !== undefined ? { rate } : {}),
      ...(phase ? { phase } : {}),
      throughputRatio: throughput.median,
      throughputRatioRange: throughput.range,
      p50Ratio: p50.median,
      p50RatioRange: p50.range,
      p99Ratio: p99.median,
      p99RatioRange: p99.range,
    };
  });
}
