// Number formatting shared by the report renderers: one look for a figure whatever the format.

import { describeParams, type LoadPoint } from '../analysis/run-point.js';
import type { Stat } from '../analysis/stats.js';
import { formatCount, formatDuration, formatMs, formatRatio } from '../util/units.js';

export { formatCount, formatMs, formatRatio };

/** Seconds with a precision that suits their size: 0.752, 5.67, 14.5, 123. */
export function formatSeconds(s: number): string {
  if (s >= 100) return s.toFixed(0);
  if (s >= 10) return s.toFixed(1);
  if (s >= 1) return s.toFixed(2);
  return s.toFixed(3);
}

/** A share in 0..1 as a percentage with one decimal: 0.949 -> '94.9 %'. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** Nanoseconds as a readable duration: 94576 -> '94.6 µs', 251 -> '251 ns'. */
export function formatNs(ns: number): string {
  return formatDuration(ns / 1e6);
}

/** "min–max" of a statistic over trials, or undefined when there is nothing to spread (one trial, no spread). */
export function spreadText(stat: Stat, format: (v: number) => string): string | undefined {
  if (stat.n < 2) return undefined;
  const [min, max] = [format(stat.min), format(stat.max)];
  return min === max ? undefined : `${min}–${max}`;
}

/** A reuse rate: never rounded up to 100 % while a connection was still opened in the window. */
export function formatReuse(share: number): string {
  if (share >= 1 || share * 1000 < 999.5) return formatPercent(share);
  const floored = Math.floor(share * 10000) / 100;
  return floored >= 100 ? '> 99.99 %' : `${floored.toFixed(2)} %`;
}

/** Ratios where > 1 means "better": '11.2x the throughput' or, below 1, still written as a plain multiple. */
export function ratioRange(range: readonly [number, number]): string {
  const [min, max] = [formatRatio(range[0]), formatRatio(range[1])];
  return min === max ? min : `${min}–${max}`;
}

/** "c=50", "1,000 ops/s" under the fixed-rate model, plus swept options: how a load point is named everywhere. */
export function loadLabel(point: LoadPoint): string {
  const load = point.rate !== undefined ? `${formatCount(point.rate)} ops/s` : `c=${point.concurrency}`;
  const params = describeParams(point.params);
  return params ? `${load} ${params}` : load;
}

/** A value for display in a key/value list: strings as they are, numbers and booleans as text. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(default)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A count: 12 -> '12', 28190 -> '28,190'; a median of counts may end in .5. */
export function formatInt(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
