// The contract between the driver and a scenario. A scenario supplies targets and operations;
// the driver owns concurrency, duration, warm-up, timing, trials and histograms.
// A scenario never prints, never times itself (it uses `info.time()`), never writes files.

import type { TargetInfo } from '../model/result.js';

export interface OpInfo {
  /** 0-based worker index (< concurrency). */
  readonly worker: number;
  /** 0-based op index, unique across workers within one measured window or phase. */
  readonly iteration: number;
  /** The phase being run, for scenarios with phases. */
  readonly phase?: string;
  /** Times a step inside the op (e.g. 'connect', 'query') into its own histogram. */
  time<T>(step: string, fn: () => Promise<T>): Promise<T>;
}

export interface PoolGauges {
  /** Connections (processes, sockets) ever created by this variant: a monotonically rising counter. */
  created: number;
  total?: number;
  idle?: number;
  waiting?: number;
}

export interface VariantRun {
  /** One timed unit of work. Throwing counts an error of the thrown error's kind. */
  op(info: OpInfo): Promise<void>;
  /** Gauges for reuse rate; without it the run has no `pool` block. */
  gauges?(): PoolGauges;
  /** What one op is, when it is more than one request (a pipeline of 50 commands). */
  readonly unit?: { name: string; perOp: number };
  /** Called once, halfway through each measured window: the hook for fault injection (kill connections). */
  midpoint?(): Promise<void>;
  /** Warnings about this variant as set up (e.g. a pool larger than the server's connection limit). */
  warnings?(): string[];
  /** Facts about this variant to keep with its runs (TLS version, server-side session count...). */
  details?(): Record<string, string | number | boolean>;
  teardown(): Promise<void>;
}

export interface Phase {
  name: string;
  /** Exactly this many ops run in the phase, spread over the workers; -d/-n do not apply. */
  ops: number;
}

export interface SetupContext {
  concurrency: number;
  /** Stops long set-ups when the user presses Ctrl-C. */
  signal: AbortSignal;
}

/** A micro-benchmark task: the driver runs it with tinybench and reports ns/op. */
export interface MicroTask {
  name: string;
  fn: () => Promise<void> | void;
  beforeAll?: () => Promise<void>;
  afterAll?: () => Promise<void>;
}

/** A one-shot timed experiment: for each series and x, the driver times `run(x)` (a few repeats). */
export interface Experiment {
  id: string;
  title: string;
  xLabel: string;
  xs: number[];
  series: { name: string; run(x: number): Promise<void> }[];
  repeats?: number;
  note?: string;
}

/** A scenario opened against its target: the in-process server started, the database reachable. */
export interface ScenarioSession {
  readonly target: TargetInfo;
  /** Warnings to carry into the result (e.g. concurrency above max_connections). */
  readonly warnings?: string[];
  readonly notes?: string[];
  /** Phases run in order, each measured on its own (postgres-crud). Absent = one measured window. */
  readonly phases?: readonly Phase[];
  setup(variant: string, ctx: SetupContext): Promise<VariantRun>;
  microbenchmarks?(): MicroTask[];
  experiments?(): Experiment[];
  /** Scenario-wide facts measured outside the timed runs (memory per worker, server settings). */
  details?(): Promise<Record<string, string | number | boolean>>;
  /**
   * Options under which another thread or process reaches this same target (e.g. `{ target: '127.0.0.1:40123' }`
   * for an in-process server), laid over the user's options. Without it the scenario cannot be split over
   * worker threads.
   */
  remoteOptions?(): OptionValues;
  /** Stops servers and removes everything the scenario created; must be safe to call twice. */

  close(): Promise<void>;
}

export type OptionKind = 'int' | 'number' | 'duration' | 'string' | 'url' | 'bool' | 'intList' | 'choice';

/** A scenario-specific CLI option; the CLI parses and validates it, naming the flag in errors. */
export interface OptionSpec {
  /** camelCase key in the parsed options, e.g. 'poolSize' for `--pool-size`. */
  key: string;
  /** Commander flags, e.g. '--pool-size <n>' or '--cold'. */
  flags: string;
  description: string;
  kind: OptionKind;
  choices?: readonly string[];
  /** Allowed minimum for int/number/intList values (default 1 for ints). */
  min?: number;
  /** Environment variable read when the flag is absent (also from `.env`). */
  env?: string;
  /** Shown in --help and used when neither flag nor env is set. */
  default?: string | number | boolean | number[];
  /** Redact in results and output (URLs with passwords). */
  secret?: boolean;
}

export type OptionValues = Record<string, string | number | boolean | number[] | undefined>;

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly variants: readonly string[];
  /** The variant every other variant is compared against; default 'unpooled'. */
  readonly baseline?: string;
  readonly options?: readonly OptionSpec[];
  /** Default concurrency levels when -c is not given. */
  readonly defaultConcurrency?: readonly number[];
  /** Default op count per measured run when neither -n nor -d is given (a seed's "1000 requests"). */
  readonly defaultOps?: number;
  /** Cross-option problems, all at once; [] when fine. Single-option checks are the CLI's. */
  validate?(opts: OptionValues): string[];
  /** Starts or connects to the target. Throw TargetError for an unreachable target. */
  open(opts: OptionValues, signal: AbortSignal): Promise<ScenarioSession>;
}
