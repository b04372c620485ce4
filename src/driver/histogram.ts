// Latency histograms: node's native HDR histogram (nanoseconds, 3 significant figures), so memory stays
// flat however long the run. Never an array of samples.

import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LatencySummary } from '../model/result.js';

const HIGHEST_NS = 3_600_000_000_000; // one hour: anything slower is an outage, not a latency

export function newHistogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: HIGHEST_NS, figures: 3 });
}

/** Records a duration in nanoseconds; the HDR histogram accepts integers >= 1 only. */
export function recordNs(hist: RecordableHistogram, ns: number): void {
  hist.record(Math.min(HIGHEST_NS, Math.max(1, Math.round(ns))));
}

const NS_PER_MS = 1e6;

export function summarize(hist: RecordableHistogram): LatencySummary | null {
  if (hist.count === 0) return null;
  return {
    count: hist.count,
    min: hist.min / NS_PER_MS,
    mean: hist.mean / NS_PER_MS,
    p50: hist.percentile(50) / NS_PER_MS,
    p95: hist.percentile(95) / NS_PER_MS,
    p99: hist.percentile(99) / NS_PER_MS,
    p999: hist.percentile(99.9) / NS_PER_MS,
    max: hist.max / NS_PER_MS,
  };
}
