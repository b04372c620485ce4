// Pure: for every non-baseline variant, its ratios against the baseline at the same load point (and phase),
// paired trial by trial, as the median with the min-max across trials.

import type { Comparison, RunResult } from '../model/result.js';
import { type RunPoint, runPoint, runPointKey } from './run-point.js';
import { spread } from './stats.js';

export function compareRuns(runs: readonly RunResult[], baseline: string): Comparison[] {
  const completed = runs.filter((r) => r.status === 'completed' && r.latencyMs && r.throughput > 0);
  // A variant's trial pairs with the baseline's trial of the same number at the same point.
  const partnerKey = (r: RunResult) => `${runPointKey({ ...r, variant: baseline })}\u0000${r.trial}`;
  const baselineByKeyTrial = new Map<string, RunResult>();
  for (const r of completed) if (r.variant === baseline) baselineByKeyTrial.set(partnerKey(r), r);

  const groups = new Map<string, { where: RunPoint; pairs: [RunResult, RunResult][] }>();
  for (const r of completed) {
    if (r.variant === baseline) continue;
    const base = baselineByKeyTrial.get(partnerKey(r));
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
