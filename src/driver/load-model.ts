// A load model decides how many ops run and when (k6's executors); the scenario only supplies one op.

import type { LoadInfo } from '../model/result.js';
import type { Recorder } from './recorder.js';
import type { OpInfo } from './scenario.js';

export interface LoadPlan {
  concurrency: number;
  /** Stop starting ops after this long... */
  durationMs?: number;
  /** ...or after exactly this many ops (successful or not). */
  ops?: number;
  phase?: string;
  /** Target ops/s, for the fixed-rate model. */
  rate?: number;
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
) => Promise<WindowOutcome>;

/** A load model as plain data, so it can be sent to worker threads and recorded in results. */
export type LoadSpec =
  | { model: 'closed' }
  | { model: 'rate'; arrival: 'uniform' | 'poisson'; maxInFlight: number; seed?: number };
