// The driver's sense of time, injected, so the timing logic of the load models and the recorder can be
// tested against a virtual clock (hyperfine's MockExecutor) instead of sleeping. The real clock is the
// default everywhere; worker threads always use it.

import type { HealthProbe } from './measure/generator-health.js';
import { watchGenerator } from './measure/generator-health.js';

export interface Clock {
  /** Monotonic time in nanoseconds. */
  now(): bigint;
  /** Calls `fn` once, `ms` from now; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Lets the event loop run (timers, I/O, Ctrl-C) before going on. */
  yield(): Promise<void>;
  /**
   * Calls `fn` about `ns` from now, for a scheduler that must not start anything late: it may call
   * early (and the scheduler looks again), never much later.
   */
  wakeIn(ns: number, fn: () => void): void;
}

/** How a timer's lateness is kept off the schedule: sleep only through long gaps, spin through the rest. */
const SLEEP_ABOVE_MS = 5;
/** libuv timers fire up to ~1-2 ms late: wake this much early and spin. */
const WAKE_EARLY_MS = 3;

export const realClock: Clock = {
  now: process.hrtime.bigint,
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  yield: () => new Promise((resolve) => setImmediate(resolve)),
  wakeIn(ns, fn) {
    const ms = ns / 1e6;
    if (ms > SLEEP_ABOVE_MS) setTimeout(fn, ms - WAKE_EARLY_MS);
    else setImmediate(fn);
  },
};

/** What the driver measures with: a clock, and a probe of the load generator's own health per window. */
export interface Instruments {
  clock: Clock;
  watchGenerator(): HealthProbe;
}

export const realInstruments: Instruments = { clock: realClock, watchGenerator };
