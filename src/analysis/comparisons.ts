// Pure: for every non-baseline variant, its ratios against the baseline at the same load point (and phase),
// paired trial by trial, as the median with the min-max across trials.

import type { Comparison, RunResult } from '../model/result.js';
import { type RunPoint, runPoint, runPointKey } from './run-point.js';
import { spread } from './stats.js';

export function compareRuns(runs: readonly RunResult[], baseline: string): Comparison[] {
  const completed = runs.filter((r) => r.status === 'completed' && r.latencyMs && r.throughput > 0);
  // A variant's trial pairs with the baseline's trial of the same number at the same point. A baseline that
  // does not read a swept option ran once per load point: it pairs with every value of that option.
  const baselineKeys = new Set(
    runs.flatMap((r) => (r.variant === baseline ? Object.keys(r.params ?? {}) : [])),
  );
  const baselineParams = (params: Record<string, number> | undefined) => {
    const own = Object.entries(params ?? {}).filter(([k]) => baselineKeys.has(k));
    return own.length > 0 ? Object.fromEntries(own) : undefined;
  };
  const partnerKey = (r: RunResult) => {
    const params = baselineParams(r.params);
    return `${runPointKey({ ...r, variant: baseline, ...(params ? { params } : { params: undefined }) })}\u0000${r.trial}`;
  };
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
