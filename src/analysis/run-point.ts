// Where a run sits: its variant, its load point (concurrency, target rate, swept options) and its phase.
// Runs at the same run point are trials of each other; variants at the same load point and phase are
// compared with each other. The keys are identities only: nothing shows them.

import type { RunResult } from '../model/result.js';

/** A point of the sweep: concurrency, target rate, swept scenario options. */
export interface LoadPoint {
  concurrency: number;
  rate?: number;
  params?: Record<string, number>;
}

/** A load point with the variant and the phase measured there (a run, a cell of trials, a comparison). */
export type RunPoint = Pick<RunResult, 'variant' | 'concurrency' | 'rate' | 'params' | 'phase'>;

/** Swept options as text, in a stable order: { records: 5, poolSize: 10 } -> 'poolSize=10 records=5'. */
export function describeParams(params: Record<string, number> | undefined): string {
  if (!params) return '';
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(' ');
}

/** Just the fields of a load point, the absent ones (and empty swept options) left out. */
export function pointOf(p: LoadPoint): LoadPoint {
  return {
    concurrency: p.concurrency,
    ...(p.rate !== undefined ? { rate: p.rate } : {}),
    ...(p.params && Object.keys(p.params).length ? { params: p.params } : {}),
  };
}

/** Just the fields of a run point, the absent ones left out. */
export function runPoint(r: RunPoint): RunPoint {
  return { variant: r.variant, ...pointOf(r), ...(r.phase ? { phase: r.phase } : {}) };
}

/** Equal for equal load points, whatever the variant and phase. */
export function loadPointKey(p: LoadPoint): string {
  return `${p.concurrency}\u0000${p.rate ?? ''}\u0000${describeParams(p.params)}`;
}

/** Equal for trials of the same variant at the same load point and phase. */
export function runPointKey(r: RunPoint): string {
  return `${r.variant}\u0000${r.phase ?? ''}\u0000${loadPointKey(r)}`;
}

/** Load points in reading order: by rate, then concurrency, then swept options (numbers as numbers). */
export function comparePoints(a: LoadPoint, b: LoadPoint): number {
  return (
    (a.rate ?? 0) - (b.rate ?? 0) ||
    a.concurrency - b.concurrency ||
    describeParams(a.params).localeCompare(describeParams(b.params), 'en', { numeric: true })
  );
}
