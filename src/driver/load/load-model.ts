// A load model decides how many ops run and when (k6's executors); the scenario only supplies one op.

import { errorMessage } from '../../errors.js';
import type { LoadInfo } from '../../model/result.js';
import type { OpInfo } from '../../scenario/index.js';
import type { Clock } from '../clock.js';
import type { Recorder } from '../measure/recorder.js';

export interface LoadPlan {
  concurrency: number;
  /** Stop starting ops after this long... */
  durationMs?: number;
  /** ...or after exactly this many ops (successful or not). */
  ops?: number;
  phase?: string;
  /** When the load is split (threads, shards): this part's first op index and first worker index. */
  iterationOffset?: number;
  workerOffset?: number;
}

export interface LoadTarget {
  op(info: OpInfo): Promise<void>;
  /** Fired once when half the window (time or ops) has passed. */
  midpoint?(): Promise<void>;
}

export interface WindowOutcome {
  /** Measured wall time: from the first op started to the last op finished. */
  durationS: number;
  /** A failure of the midpoint hook (fault injection), reported as a warning. */
  midpointError?: string;
  load: LoadInfo;
}

export type LoadModel = (
  target: LoadTarget,
  plan: LoadPlan,
  recorder: Recorder,
  signal: AbortSignal,
  clock: Clock,
) => Promise<WindowOutcome>;

export type Arrival = 'uniform' | 'poisson';

/**
 * The load of a whole run, as the user gave it: closed loop at each concurrency level, or a fixed rate at
 * each rate. Absent levels = the scenario's default.
 */
export type Load =
  | { kind: 'closed'; concurrency?: readonly number[] }
  | {
      kind: 'fixed-rate';
      /** Ops/s, one sweep point each. */
      rates: readonly number[];
      arrival: Arrival;
      /** Ops due beyond this many in flight are dropped and counted. */
      maxInFlight: number;
      /**
       * Under a fixed rate, -c is not how many ops run at once (the schedule decides that, up to
       * maxInFlight): it is the clients each variant sets up (its pool size), one sweep point each.
       */
      concurrency?: readonly number[];
    };

/**
 * The load model of one sweep point as plain data, so it can be sent to worker threads: a fixed-rate point
 * carries its rate, so no model can run without one.
 */
export type LoadSpec =
  | { model: 'closed' }
  | { model: 'rate'; rate: number; arrival: Arrival; maxInFlight: number; seed?: number };

/** Fires the target's midpoint hook once: at half the duration, or when op number ops/2 starts. */
export class MidpointTrigger {
  readonly atOps: number | undefined;
  private fired: Promise<void> | undefined;
  private error: string | undefined;
  private readonly cancelTimer: (() => void) | undefined;

  constructor(
    private readonly target: LoadTarget,
    plan: LoadPlan,
    clock: Clock,
  ) {
    this.atOps = plan.ops !== undefined ? Math.floor(plan.ops / 2) : undefined;
    this.cancelTimer =
      plan.durationMs !== undefined && target.midpoint
        ? clock.after(plan.durationMs / 2, () => this.fire())
        : undefined;
  }

  /** Call with each op's index within the window; fires on the middle one. */
  onOp(index: number): void {
    if (index === this.atOps) this.fire();
  }

  fire(): void {
    if (this.fired || !this.target.midpoint) return;
    this.fired = this.target.midpoint().catch((err: unknown) => {
      this.error = errorMessage(err);
    });
  }

  /** Stops the timer and waits for the hook; returns its failure, if any. */
  async settle(): Promise<string | undefined> {
    this.cancelTimer?.();
    await this.fired;
    return this.error;
  }
}
