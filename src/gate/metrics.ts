// Pure: the metrics a result offers for gating, one row per scenario/variant/concurrency/rate/phase/metric,
// each as the median across trials with the min-max spread.

import { describeParams, runPoint, runPointKey, spread } from '../driver/comparisons.js';
import type { BenchmarkResult, RunResult } from '../model/result.js';

export const RATIO_METRICS = ['throughputRatio', 'p50Ratio', 'p99Ratio'] as const;
export const ABSOLUTE_METRICS = ['throughput', 'p50', 'p99'] as const;
export type MetricName = (typeof RATIO_METRICS)[number] | (typeof ABSOLUTE_METRICS)[number];

export interface MetricPoint {
  scenario: string;
  variant: string;
  concurrency: number;
  rate?: number;
  params?: Record<string, number>;
  phase?: string;
  metric: MetricName;
  /** Ratios are measured within one run (machine-independent); absolute figures depend on the machine. */
  kind: 'ratio' | 'absolute';
  higherIsBetter: boolean;
  median: number;
  range: [number, number];
  trials: number;
}

export function pointKey(
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
      out.push(
        {
          ...where,
          metric: 'throughputRatio',
          kind: 'ratio',
          higherIsBetter: true,
          median: c.throughputRatio,
          range: c.throughputRatioRange,
          trials,
        },
        {
          ...where,
          metric: 'p50Ratio',
          kind: 'ratio',
          higherIsBetter: true,
          median: c.p50Ratio,
          range: c.p50RatioRange,
          trials,
        },
        {
          ...where,
          metric: 'p99Ratio',
          kind: 'ratio',
          higherIsBetter: true,
          median: c.p99Ratio,
          range: c.p99RatioRange,
          trials,
        },
      );
    }
    const groups = new Map<string, RunResult[]>();
    for (const r of scenario.runs) {
      if (r.status !== 'completed' || !r.latencyMs) continue;
      groups.set(runPointKey(r), [...(groups.get(runPointKey(r)) ?? []), r]);
    }
    for (const runs of groups.values()) {
      const where = { scenario: scenario.id, ...runPoint(runs[0]!) };
      out.push(
        {
          ...where,
          metric: 'throughput',
          kind: 'absolute',
          higherIsBetter: true,
          ...spread(runs.map((r) => r.throughput)),
          trials: runs.length,
        },
        {
          ...where,
          metric: 'p50',
          kind: 'absolute',
          higherIsBetter: false,
          ...spread(runs.map((r) => r.latencyMs!.p50)),
          trials: runs.length,
        },
        {
          ...where,
          metric: 'p99',
          kind: 'absolute',
          higherIsBetter: false,
          ...spread(runs.map((r) => r.latencyMs!.p99)),
          trials: runs.length,
        },
      );
    }
  }
  return out;
}
