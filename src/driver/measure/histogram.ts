// Latency histograms: HdrHistogram (hdr-histogram-js, nanoseconds, 3 significant figures), so memory stays
// flat however long the run, histograms merge exactly (bucket by bucket) across windows, threads and
// machines, and cross process boundaries in the standard compressed encoding that other HdrHistogram tools
// read. Never an array of samples. (node's native createHistogram records faster but cannot export buckets.)

import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../../model/result.js';

const HIGHEST_NS = 3_600_000_000_000; // one hour: anything slower is an outage, not a latency
const NS_PER_MS = 1e6;

export type Histogram = hdr.JsHistogram;

export function newHistogram(): Histogram {
  const hist = hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_NS,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
  // Without WebAssembly the library always builds a JsHistogram; recordNs relies on its counts layout.
  if (!(hist instanceof hdr.JsHistogram)) throw new Error('hdr-histogram-js built no JsHistogram');
  return hist;
}

// Every histogram here has this layout: 2^HALF_MAGNITUDE sub-buckets per half bucket, unit magnitude 0.
const layout = newHistogram();
const HALF_MAGNITUDE = layout.subBucketHalfCountMagnitude;
const HALF_COUNT = layout.subBucketHalfCount;
const FAST_LIMIT = 2 ** 31; // below this, values fit the 32-bit integer operations
if (layout.unitMagnitude !== 0) throw new Error('histogram layout: expected a unit magnitude of 0');

/**
 * Records a duration in nanoseconds; values are clamped to [1 ns, 1 h]. This runs once per op, so below
 * 2^31 ns (2.1 s) it computes HdrHistogram's own counts index with clz32 and shifts: the library's
 * recordValue does it with log2, pow and a division, which cost more than a no-op op's whole loop turn.
 * The counts are the same as recordValue's (a unit test checks bucket by bucket).
 */
export function recordNs(hist: Histogram, ns: number): void {
  const value = ns < 1 ? 1 : ns > HIGHEST_NS ? HIGHEST_NS : Math.round(ns);
  if (!(value < FAST_LIMIT)) {
    hist.recordValue(value);
    return;
  }
  const bucket = Math.max(31 - Math.clz32(value) - HALF_MAGNITUDE, 0);
  hist.incrementCountAtIndex(((bucket + 1) << HALF_MAGNITUDE) + (value >>> bucket) - HALF_COUNT);
  hist.updateMinAndMax(value);
  hist.incrementTotalCount();
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
  if (!(decoded instanceof hdr.JsHistogram)) throw new Error('hdr-histogram-js decoded no JsHistogram');
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
