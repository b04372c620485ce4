// Open-loop load at a fixed rate (wrk2, pgbench --rate): ops are scheduled at intended times and started
// even while earlier ones are still in flight, so a stalled server is charged for every op that should have
// been sent. Latency is measured from the intended start (coordinated-omission corrected); service time from
// the actual start is kept beside it.

import { type Arrival, type LoadModel, MidpointTrigger } from './load-model.js';

export type { Arrival } from './load-model.js';

export interface FixedRateOptions {
  /** Target ops/s (> 0: the CLI checks it). */
  rate: number;
  arrival: Arrival;
  /** Ops still running beyond this many make the next due op dropped (k6's dropped iterations). */
  maxInFlight: number;
  /** Seed for Poisson arrivals, so shards and reruns draw the same schedule. */
  seed?: number;
}

/** An op started more than this after its intended time counts as late: the generator fell behind. */
const LATE_NS = 1_000_000;

/** mulberry32: a tiny seeded PRNG, good enough for inter-arrival times. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fixedRate(opts: FixedRateOptions): LoadModel {
  return async (target, plan, recorder, signal, clock) => {
    const rate = opts.rate;
    const meanIntervalNs = 1e9 / rate;
    const random = seededRandom(opts.seed ?? 1);
    const interval =
      opts.arrival === 'poisson' ? () => -Math.log(1 - random()) * meanIntervalNs : () => meanIntervalNs;
    const total = plan.ops ?? Number.POSITIVE_INFINITY;
    const windowNs = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : plan.durationMs * 1e6;
    const start = clock.now();
    const elapsed = () => Number(clock.now() - start);

    let nextDue = 0; // ns offset of the next op's intended start
    let scheduled = 0;
    let started = 0;
    let dropped = 0;
    let late = 0;
    let inFlight = 0;
    let lastEnd = 0;
    const freeWorkers: number[] = [];
    let workerCount = 0;
    let drained: (() => void) | undefined;
    const midpoint = new MidpointTrigger(target, plan, clock);
    const iterationOffset = plan.iterationOffset ?? 0;
    const workerOffset = plan.workerOffset ?? 0;

    const launch = (iteration: number, intendedNs: number, nowNs: number) => {
      inFlight++;
      started++;
      if (nowNs - intendedNs > LATE_NS) late++;
      const worker = freeWorkers.pop() ?? workerOffset + workerCount++;
      const actualStart = clock.now();
      target
        .op({ worker, iteration: iterationOffset + iteration, phase: plan.phase, time: recorder.time })
        .then(
          () => {
            const end = clock.now();
            recorder.success(Number(end - start) - intendedNs, end, Number(end - actualStart));
          },
          (err: unknown) => recorder.failure(err, clock.now()),
        )
        .finally(() => {
          inFlight--;
          freeWorkers.push(worker);
          lastEnd = elapsed();
          if (inFlight === 0) drained?.();
        });
    };

    // The scheduler is a plain callback loop: awaiting a promise per turn would make garbage (and GC
    // pauses, which start ops late) out of every spin.
    await new Promise<void>((scheduleDone) => {
      const tick = () => {
        if (signal.aborted || scheduled >= total || nextDue >= windowNs) return scheduleDone();
        const now = elapsed();
        while (nextDue <= now && scheduled < total && nextDue < windowNs) {
          const iteration = scheduled++;
          midpoint.onOp(iteration);
          const intended = nextDue;
          nextDue += interval();
          if (inFlight >= opts.maxInFlight) dropped++;
          else launch(iteration, intended, now);
        }
        // the clock may wake us early (the real one spins through the last few ms): tick looks again
        clock.wakeIn(nextDue - elapsed(), tick);
      };
      tick();
    });

    const scheduleNs = Math.min(windowNs, Math.max(nextDue, 1));
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    const midpointError = await midpoint.settle();
    return {
      durationS: Math.max(lastEnd, scheduleNs) / 1e9,
      midpointError,
      load: {
        model: 'rate',
        targetRate: rate,
        arrival: opts.arrival,
        maxInFlight: opts.maxInFlight,
        started,
        achievedRate: started / (scheduleNs / 1e9),
        dropped,
        late,
      },
    };
  };
}
