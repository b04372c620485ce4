// Pure: the metrics a result offers for gating and for trend exports, one per scenario/variant/load point/
// phase/metric, each as the median across trials with the min-max spread.

import type { BenchmarkResult, RunResult } from '../model/result.js';
import type { MetricName, MetricPoint } from '../model/verdict.js';
import { describeParams, runPoint, runPointKey } from './run-point.js';
import { spread } from './stats.js';

/** A metric's name, the same in both results it is matched across: 'redis pooled c=10 p99'. */
export function metricKey(
  p: Pick<MetricPoint, 'scenario' | 'variant' | 'concurrency' | 'rate' | 'params' | 'phase' | 'metric'>,
): string {
  const load = p.rate !== undefined ? `rate=${p.rate}` : `c=${p.concurrency}`;
  return [p.scenario, p.variant, p.phase, load, describeParams(p.params), p.metric].filter(Boolean).join(' ');
}

export function extractMetrics(result: BenchmarkResult): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const scenario of result.scenarios) {
    for (const c of scenario.comparisons) {
      const where = { scenario: scenario.id, ...runPoint(c) };
      const trials = scenario.runs.filter(
        (r) => r.status === 'completed' && runPointKey(r) === runPointKey(c),
      ).length;
      const ratio = (metric: MetricName, median: number, range: [number, number]): MetricPoint => ({
        ...where,
        metric,
        kind: 'ratio',
        higherIsBetter: true,
        median,
        range,
        trials,
      });
      out.push(
        ratio('throughputRatio', c.throughputRatio, c.throughputRatioRange),
        ratio('p50Ratio', c.p50Ratio, c.p50RatioRange),
        ratio('p99Ratio', c.p99Ratio, c.p99RatioRange),
      );
    }
    const groups = new Map<string, RunResult[]>();
    for (const r of scenario.runs) {
      if (r.status !== 'completed' || !r.latencyMs) continue;
      groups.set(runPointKey(r), [...(groups.get(runPointKey(r)) ?? []), r]);
    }
    for (const runs of groups.values()) {
      const where = { scenario: scenario.id, ...runPoint(runs[0]!) };
      const absolute = (metric: MetricName, higherIsBetter: boolean, get: (r: RunResult) => number) => ({
        ...where,
        metric,
        kind: 'absolute' as const,
        higherIsBetter,
        ...spread(runs.map(get)),
        trials: runs.length,
      });
      out.push(
        absolute('throughput', true, (r) => r.throughput),
        absolute('p50', false, (r) => r.latencyMs!.p50),
        absolute('p99', false, (r) => r.latencyMs!.p99),
      );
    }
  }
  return out;
}
