// What a scenario's `open()` returns: the target reached (an in-process server started, a database
// connected), with what the driver runs besides the variants, and whatever state the variants need.

import type { TargetInfo } from '../model/result.js';
import type { OptionSpecs, OptionValues } from './option-spec.js';
import type { Facts } from './variant-run.js';

export type { TargetInfo } from '../model/result.js';

/** Phases run in order, each measured on its own (create, read, update, delete). */
export interface Phase {
  name: string;
  /** Exactly this many ops run in the phase, spread over the workers; -d/-n do not apply. */
  ops: number;
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

/** Given to `open()`. */
export interface OpenContext {
  /** Aborted when the user presses Ctrl-C: stop long set-ups, and throw. */
  readonly signal: AbortSignal;
  /** The variants this run will set up (default: all), so open() reaches only what they need. */
  readonly variants?: readonly string[];
}

/**
 * An opened scenario. Every member is optional; the session may carry more (endpoints, an admin
 * connection), which the variant factories then receive typed.
 */
export interface Session<O extends OptionSpecs = OptionSpecs> {
  /** What was measured, for the result (password redacted). Default: an in-process target. */
  readonly target?: TargetInfo;
  /** Warnings to carry into the result (e.g. concurrency above max_connections). */
  readonly warnings?: readonly string[];
  readonly notes?: readonly string[];
  /** Phases run in order, each measured on its own. Absent = one measured window per run. */
  readonly phases?: readonly Phase[];
  /**
   * Variants that cannot run against this target, each with the one line saying why and how to get what
   * it needs (PgBouncer not installed): the driver skips them and records why; the others run.
   */
  readonly skipped?: Readonly<Record<string, string>>;
  microbenchmarks?(): MicroTask[];
  experiments?(): Experiment[];
  /** Scenario-wide facts measured outside the timed runs (memory per worker, server settings). */
  details?(): Facts | Promise<Facts>;
  /**
   * Options under which another thread reaches this same target (e.g. the address of an in-process
   * server), laid over the user's. Without it the scenario cannot be split over worker threads.
   */
  remoteOptions?(): Partial<OptionValues<O>>;
  /** Stops servers and removes everything the scenario created; must be safe to call twice. */
  close?(): Promise<void> | void;
}
