// What a scenario supplies to `poolbench calibrate`: for each workload, which of its variants measures it,
// the same work as a bare loop over the same client library, and the protocol's native benchmark tool.
// The calibration runner owns timing, rounds and ratios, as the driver does for variants.

import type { OptionBag } from '../scenario/index.js';

/** The hand loop's client, opened before and closed after its window (neither is timed). */
export interface HandClient {
  /** One unit of work for worker `worker`; a throw stops the loop and errors the row. */
  op(worker: number): Promise<unknown>;
  close(): Promise<void> | void;
}

/** A native tool's command for one window, and how to read its rate from what it printed. */
export interface NativeCommand {
  args: string[];
  env?: Record<string, string>;
  /** Units per second from the tool's stdout; undefined = the output was not understood. */
  parse(stdout: string): number | undefined;
}

export interface NativeTool {
  /** The executable looked up on PATH: wrk, h2load, redis-benchmark, pgbench. */
  tool: string;
  /** The Debian package that provides it, named when it is missing. */
  debianPackage: string;
  /** `expectedPerSecond`: the hand loop's rate this round, for tools that take a count, not a duration. */
  command(plan: { concurrency: number; durationS: number; expectedPerSecond: number }): NativeCommand;
}

export interface CalibrationWorkload {
  /** 'GET, shared connection' */
  work: string;
  concurrency: number;
  /** What the rates count: 'requests', 'commands', 'queries'. */
  unit: string;
  /** The scenario's variant that does this work (and its phase, for phased scenarios). */
  variant: string;
  phase?: string;
  hand: {
    /** 'undici Pool', 'ioredis, one connection' */
    library: string;
    /** Units one op of the hand client does (50 for a pipeline of 50). Default 1. */
    perOp?: number;
    open(concurrency: number): Promise<HandClient>;
  };
  native?: NativeTool;
}

/** What a scenario's calibration has opened against the target: its workloads and its own fixtures. */
export interface OpenedCalibration {
  workloads: CalibrationWorkload[];
  /** Removes what open() created (a table, a key); called once, also after a failure. */
  close(): Promise<void>;
}

export interface ScenarioCalibration {
  scenario: string;
  /** Options the scenario runs with under calibration (e.g. GET only), under the user's own. */
  options?: OptionBag;
  /**
   * `target`: the scenario's option values with its remote options laid over them, i.e. where the
   * opened scenario's target is (the in-process server's URL, the database's).
   */
  open(target: OptionBag, signal: AbortSignal): Promise<OpenedCalibration>;
}
