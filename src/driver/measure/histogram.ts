// Latency histograms: HdrHistogram (hdr-histogram-js, nanoseconds, 3 significant figures), so memory stays
// flat however long the run, histograms merge exactly (bucket by bucket) across windows, threads and
// machines, and cross process boundaries in the standard compressed encoding that other HdrHistogram tools
// read. Never an array of samples. (node's native createHistogram records faster but cannot export buckets.)

import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../../model/result.js';

const HIGHEST_NS = 3_600_000_000_000; // one hour: anything slower is an outage, not a latency
const NS_PER_MS = 1e6;

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_NS,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Records a duration in nanoseconds; values are clamped to [1 ns, 1 h]. */
export function recordNs(hist: Histogram, ns: number): void {
  hist.recordValue(Math.min(HIGHEST_NS, Math.max(1, Math.round(ns))));
}

export function summarize(hist: Histogram): LatencySummary | null {
  if (hist.totalCount === 0) return null;
  return {
    count: hist.totalCount,
    min: hist.minNonZeroValue / NS_PER_MS,
    mean: hist.mean / NS_PER_MS,
    p50: hist.getValueAtPercentile(50) / NS_PER_MS,
    p95: hist.getValueAtPercentile(95) / NS_PER_MS,
    p99: hist.getValueAtPercentile(99) / NS_PER_MS,
    p999: hist.getValueAtPercentile(99.9) / NS_PER_MS,
    max: hist.maxValue / NS_PER_MS,
  };
}

/** The standard HdrHistogram compressed base64 encoding (V2 compressed), readable by other HdrHistogram tools. */
export function encodeHistogram(hist: Histogram): string {
  return hdr.encodeIntoCompressedBase64(hist);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  // Copy into our own configuration so merges never depend on the sender's settings.
  const hist = newHistogram();
  hist.add(decoded);
  return hist;
}

export function mergeHistograms(hists: readonly Histogram[]): Histogram {
  const merged = newHistogram();
  for (const h of hists) merged.add(h);
  return merged;
}
