// The result model: plain data, the contract that `report`, `compare` and outside tools rely on.
// No logic here beyond constants; bump SCHEMA_VERSION on any incompatible change.

import type { SizeRecommendation } from './recommendation.js';

export const SCHEMA_VERSION = 1;

/** Latency percentiles in milliseconds, computed from an HDR histogram (3 significant figures). */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface PoolMetrics {
  /** Connections (or processes) opened during the measured window. */
  opened: number;
  /** 1 - opened/ops: the share of operations that reused a connection. */
  reuseRate: number;
  /** Pool gauges at the end of the measured window, where the variant has a pool. */
  total?: number;
  idle?: number;
  waiting?: number;
}

/** How long a variant took to get back to successful operations after a burst of errors. */
export interface RecoveryInfo {
  /** Seconds into the measured window of the first error. */
  firstErrorAtS: number;
  /** Seconds into the measured window of the last error. */
  lastErrorAtS: number;
  /** Milliseconds from the first error until the first successful op after the last error; null = never recovered. */
  recoveryMs: number | null;
}

export type RunStatus = 'completed' | 'errored';

/** How load was applied. Closed: C workers each waiting for its reply. Rate: ops started on a schedule. */
export type LoadInfo =
  | { model: 'closed' }
  | {
      model: 'rate';
      /** Target ops/s and arrival process. */
      targetRate: number;
      arrival: 'uniform' | 'poisson';
      maxInFlight: number;
      /** Ops actually started, and started per second of the window. */
      started: number;
      achievedRate: number;
      /** Ops not started because max-in-flight ops were still running. */
      dropped: number;
      /** Ops started more than 1 ms after their intended time (the generator fell behind). */
      late: number;
    };

/** The load generator's own health during the window: a benchmark must say when it measured itself. */
export interface GeneratorHealth {
  /** CPU used by the whole process (load threads and any in-process servers), in % of one core. */
  cpuPercent: number;
  /**
   * That CPU (user + system) divided by the window's ops, in µs: the generator's cost per op when no
   * in-process server shares the process (noop, external targets); an upper bound otherwise.
   */
  cpuPerOpUs?: number;
  /** Busy share (0-1) of the event loop that generated the load (the busiest, with --workers). */
  eventLoopUtilization: number;
  /** Fixed-rate model: share of ops that started more than 1 ms after their intended time. */
  lateShare?: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Linux only: sockets in TIME_WAIT and open file descriptors at the end of the window. */
  timeWaitSockets?: number;
  openFds?: number;
  /** True when the generator itself was the bottleneck (its event loop > 90 % busy, or its delay p99 high). */

  saturated: boolean;
}

export interface RunResult {
  variant: string;
  concurrency: number;
  /** Target rate (ops/s) for runs under the fixed-rate load model; comparisons match on it. */
  rate?: number;
  trial: number;
  /** Set by scenarios with phases (postgres-crud: create, read, update, delete). */
  phase?: string;
  status: RunStatus;
  /** Why the run errored (setup failed, or every op failed). */
  error?: string;
  /** Completed (successful) operations in the measured window. */
  ops: number;
  /** Failed operations in the measured window. */
  errors: number;
  /** Failed operations by kind (error code or name), with an actionable hint where one is known. */
  errorKinds: Record<string, number>;
  errorHints?: Record<string, string>;
  durationS: number;
  /** Completed ops per second of measured wall time. */
  throughput: number;
  /** What one op is, when it is not a single request (e.g. a pipeline of 50 commands). */
  unit?: { name: string; perOp: number; throughput: number };
  /** Latency. Under the rate model: from each op's intended start (coordinated-omission corrected). */
  latencyMs: LatencySummary | null;
  /** Under the rate model: service time, from each op's actual start. */
  serviceTimeMs?: LatencySummary;
  /** The latency histogram (ns) in HdrHistogram's compressed base64 encoding: merge runs exactly from it. */
  histogram?: string;

  load?: LoadInfo;
  generator?: GeneratorHealth;
  /** Sub-timings inside an op (connect, query, tls, ttfb...), timed by the driver through `info.time()`. */
  breakdownMs?: Record<string, LatencySummary>;
  pool?: PoolMetrics;
  /** Swept scenario options this run used (`--sweep pool-size=5,10,50` -> { poolSize: 10 }). */
  params?: Record<string, number>;
  /** For a shard's run: the whole run's concurrency this shard took a share of. */
  shardOf?: { index: number; count: number; concurrency: number };
  /** Per worker thread (--workers N): ops and throughput, so an imbalance shows. */
  perThread?: { ops: number; throughput: number }[];
  recovery?: RecoveryInfo;

  /** Facts the variant reports about itself (TLS version, server sessions, memory...). */
  details?: Record<string, string | number | boolean>;
  warnings?: string[];
}

export interface Comparison {
  baseline: string;
  variant: string;
  concurrency: number;
  rate?: number;
  params?: Record<string, number>;
  phase?: string;
  /** Median over trials
 of variant throughput / baseline throughput. */
  throughputRatio: number;
  throughputRatioRange: [number, number];
  /** Baseline latency / variant latency (> 1 = the variant is faster). */
  p50Ratio: number;
  p50RatioRange: [number, number];
  p99Ratio: number;
  p99RatioRange: [number, number];
}

/** A tinybench micro-benchmark, e.g. net.connect-to-ready vs pool acquire+release. */
export interface MicroBenchmark {
  name: string;
  nsPerOp: number;
  opsPerSec: number;
  samples: number;
  p99Ns: number;
  error?: string;
}

/** A timed one-shot experiment (e.g. worker-pool start-up for N workers, sequential vs concurrent). */
export interface ExperimentResult {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: { name: string; points: { x: number; y: number; min: number; max: number }[] }[];
  note?: string;
}

export interface ScenarioResult {
  id: string;
  description: string;
  baseline: string;
  /** The measured window of each run: a duration or an op count (phased scenarios: ops per phase). */
  window?: { durationS?: number; ops?: number };
  /** Every option the scenario ran with, after defaults (secrets redacted). */
  options: Record<string, unknown>;
  target: TargetInfo;
  runs: RunResult[];
  comparisons: Comparison[];
  microbenchmarks?: MicroBenchmark[];
  experiments?: ExperimentResult[];
  /** Scenario-wide facts (server settings, TLS parameters, memory per worker...). */
  details?: Record<string, string | number | boolean>;
  warnings: string[];
  notes: string[];
  /** `poolbench size`: the pool size to use, per variant, with the sweep it comes from. */
  recommendation?: SizeRecommendation;
  /** Variants not run because the target lacks what they need, each with why (PgBouncer not installed). */
  skipped?: Record<string, string>;
  /** With --start-at: how late the first measured run started after the agreed time, in ms. */
  startSkewMs?: number;
}

export interface TargetInfo {
  /** Human description: "in-process echo server", "embedded PostgreSQL 18.0". */
  description: string;
  /** URL or host:port with any password redacted. */
  url?: string;
  server?: string;
  serverVersion?: string;
  embedded: boolean;
}

export interface Environment {
  poolbenchVersion: string;
  node: string;
  v8: string;
  os: string;
  kernel: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryMiB: number;
  /** The machine class the run was recorded under (POOLBENCH_MACHINE_CLASS, e.g. a CI runner label); the
   * gate compares only runs of one class. Absent: the class is the CPU count, architecture and model. */
  machineClass?: string;
  /** Options that shape every run: load model, durations, trials. */
  loadModel: string;
}

export interface RunSettings {
  concurrency: number[];
  /** Worker threads generating load in this process. */
  threads?: number;
  /** Scenario options swept as a grid (`--sweep pool-size=5,10,50`). */
  sweep?: Record<string, number[]>;

  /** Fixed-rate load
: target rates (ops/s); absent = closed loop. */
  rates?: number[];
  arrival?: 'uniform' | 'poisson';
  maxInFlight?: number;
  durationS?: number;
  ops?: number;
  warmupS: number;
  trials: number;
  variants?: string[];
}

export interface BenchmarkResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'poolbench'; version: string };
  startedAt: string;
  finishedAt: string;
  /** True when the run was interrupted (Ctrl-C): scenarios hold what finished. */
  interrupted?: boolean;
  /** This result is one shard (0-based index of count) of a run split over processes or machines. */
  shard?: { index: number; count: number };
  /** The agreed start time (--start-at); each scenario records how late it actually started. */
  startAt?: string;
  /** A result merged from shard results (`poolbench merge`): where each part came from. */
  mergedFrom?: {
    shard?: { index: number; count: number };
    startedAt: string;
    startSkewMs?: number;
    cpuModel: string;
  }[];
  settings: RunSettings;
  environment: Environment;
  scenarios: ScenarioResult[];
  /** `poolbench calibrate` or `run --calibrate`: poolbench against a bare loop and the native tools. */
  calibration?: CalibrationResult;
}

/** One side of a calibration row, over the rounds: measured, skipped (tool not installed), or errored. */
export type CalibrationMeasure =
  | { status: 'measured' /** Units per second, one figure per round. */; perSecond: number[] }
  | { status: 'skipped'; reason: string }
  | { status: 'errored'; error: string };

/** One workload measured three ways against the same target, interleaved round by round. */
export interface CalibrationRow {
  scenario: string;
  /** What is measured: 'GET, shared connection'. */
  work: string;
  concurrency: number;
  /** What the rates count: requests, commands, queries. */
  unit: string;
  /** poolbench's own variant (and phase) through the driver: histograms, warm-up, gauges. */
  poolbench: CalibrationMeasure & { variant: string; phase?: string };
  /** The same client library in a plain loop with a counter. */
  handLoop: CalibrationMeasure & { library: string };
  /** The protocol's native benchmark tool, when installed. */
  native?: CalibrationMeasure & { tool: string; command?: string };
  /** Median poolbench / median hand loop: 1 = the harness costs nothing. */
  harnessRatio?: number;
  /** Median hand loop / median native tool: what the library (and Node) cost against the native client. */
  libraryRatio?: number;
}

export interface CalibrationResult {
  rounds: number;
  durationS: number;
  warmupS: number;
  rows: CalibrationRow[];
}
