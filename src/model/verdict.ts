// The regression gate's model: the metrics it compares and the verdict it reaches, plain data like the
// result itself. analysis/ extracts the metrics, gate/ judges them, report/ renders the verdict.

/** Pooled/unpooled ratios, measured within one run: they carry across machines. */
export const RATIO_METRICS = ['throughputRatio', 'p50Ratio', 'p99Ratio'] as const;
/** Absolute figures: comparable only between runs on the same machine class. */
export const ABSOLUTE_METRICS = ['throughput', 'p50', 'p99'] as const;
export type MetricName = (typeof RATIO_METRICS)[number] | (typeof ABSOLUTE_METRICS)[number];

/** One metric of one scenario/variant/load point/phase: the median across trials with the min-max spread. */
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

/** A k6-style --fail-on rule, e.g. "postgres-crud.pooled.throughputRatio < -10%". */
export interface Rule {
  text: string;
  scenario: string;
  variant: string;
  phase?: string;
  metric: MetricName;
  op: '<' | '>';
  percent: number;
}

export interface GateOptions {
  /** Default threshold in percent (10 = a 10 % change). */
  thresholdPercent: number;
  /** Gate absolute throughput/p50/p99 too (only for runs on the same machine class). */
  absolute: boolean;
  rules: readonly Rule[];
}

export type RowVerdict = 'improved' | 'unchanged' | 'regressed';

export interface GateRow {
  key: string;
  baseline: MetricPoint;
  current: MetricPoint;
  changePercent: number;
  overlap: boolean;
  /** Whether this row can fail the gate (a ratio, --absolute, or a --fail-on rule names it). */
  gated: boolean;
  verdict: RowVerdict;
  /** The --fail-on rule that decided this row, if any. */
  rule?: string;
}

export interface GateVerdict {
  options: GateOptions;
  rows: GateRow[];
  regressions: GateRow[];
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  passed: boolean;
}
