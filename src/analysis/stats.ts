// Pure statistics over trials, the stuff every figure in a result, a report and a verdict is made of.
// Trials are few (3 by default) and assume no distribution: the median says where they sit, min–max how far
// apart they are.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A figure over trials: the median is what tables show, min-max the spread, n the trials it covers. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** The Stat of some trials; undefined when there are none (nothing measured is not a zero). */
export function stat(values: readonly number[]): Stat | undefined {
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** The median of some trials with their min-max, the shape result.json and the gate keep. */
export function spread(values: readonly number[]): { median: number; range: [number, number] } {
  return { median: median(values), range: [Math.min(...values), Math.max(...values)] };
}
