// The pool-size recommendation `poolbench size` keeps in result.json (analysis/pool-size.ts computes it):
// plain data, read by the report and by outside tools.

export type Percentile = 'p50' | 'p95' | 'p99' | 'p999';

/** One pool size: medians over its completed trials; null figures when none completed. */
export interface SizePoint {
  size: number;
  trials: number;
  throughput: number | null;
  latencyMs: Record<Percentile, number> | null;
  /** Failed ops / all ops, over every trial. */
  errorRate: number;
  /** Little's law: connections busy on average = throughput x time an op holds one (latency - acquire). */
  busyConnections: number | null;
}

export interface PoolSizeRecommendation {
  variant: string;
  points: SizePoint[];
  peak: { size: number; throughput: number } | null;
  /** The smallest size within 5 % of the peak. */
  knee: { size: number; throughput: number; shareOfPeak: number } | null;
  objective?: {
    text: string;
    /** The smallest size that met it (and had no more than 1 % errors); null = never met. */
    metAt: { size: number; valueMs: number } | null;
    /** The lowest value seen, when never met. */
    best: { size: number; valueMs: number } | null;
  };
  /** The size to use: the smallest at or above the knee that meets the objective; null when none does. */
  recommended: { size: number; shareOfPeak: number; throughput: number; valueMs?: number } | null;
  /** Sizes from here on add no throughput (each within 5 % of the recommended size's). */
  noGainFrom?: number;
  /** Sizes from here on are worse than the peak by more than 5 %: server-side contention. */
  contentionFrom?: number;
  littlesLaw?: {
    size: number;
    busyConnections: number;
    /** Busy / pool size: near 1 the pool is the bottleneck, well below 1 the wait is elsewhere. */
    utilisation: number;
    /** Closed loop: throughput x latency should come back as the concurrency (a check of the figures). */
    inFlight?: number;
    concurrency?: number;
  };
  serverLimit?: { connections: number; source: string; instances: number; needed: number; fits: boolean };
  sentence: string;
}

/** The `recommendation` block of a scenario swept by `poolbench size`. */
export interface SizeRecommendation {
  /** The option swept, as its flag: '--pool-size'. */
  option: string;
  sizes: number[];
  /** Sizes left out because the server allows fewer connections. */
  capped?: number[];
  concurrency?: number;
  rate?: number;
  objective?: string;
  instances?: number;
  serverLimit?: { connections: number; source: string };
  variants: PoolSizeRecommendation[];
}
