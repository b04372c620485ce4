// Closed-loop load: C workers, each awaiting op() in a loop. Latency is service time from op start;
// it under-reports stalls (coordinated omission), which the fixed-rate model addresses.

import { type LoadModel, MidpointTrigger } from './load-model.js';

/** Ops that resolve without I/O (noop) would starve timers and signals: yield to the event loop this often. */
const YIELD_EVERY_NS = 20_000_000n;

export const closedLoop: LoadModel = async (target, plan, recorder, signal, clock) => {
  const total = plan.ops ?? Number.POSITIVE_INFINITY;
  const start = clock.now();
  const deadline =
    plan.durationMs === undefined ? undefined : start + BigInt(Math.round(plan.durationMs * 1e6));
  const midpoint = new MidpointTrigger(target, plan, clock);
  const iterationOffset = plan.iterationOffset ?? 0;
  const workerOffset = plan.workerOffset ?? 0;
  let next = 0;
  let lastYield = start;

  const worker = async (id: number) => {
    // One clock read per op: an op's end is the next op's start (the loop's own bookkeeping in between
    // costs nanoseconds, a clock read ~50-100 ns on a busy machine).
    let t0 = clock.now();
    while (!signal.aborted && next < total) {
      if (t0 - lastYield > YIELD_EVERY_NS) {
        lastYield = t0;
        await clock.yield();
        t0 = clock.now();
      }
      if (deadline !== undefined && t0 >= deadline) break;
      if (next >= total) break; // another worker took the last op while this one yielded
      const index = next++;
      midpoint.onOp(index);
      try {
        await target.op({
          worker: id,
          iteration: iterationOffset + index,
          phase: plan.phase,
          time: recorder.time,
        });
        const t1 = clock.now();
        recorder.success(Number(t1 - t0), t1);
        t0 = t1;
      } catch (err) {
        t0 = clock.now();
        recorder.failure(err, t0);
      }
    }
  };

  await Promise.all(Array.from({ length: plan.concurrency }, (_, i) => worker(workerOffset + i)));
  const end = clock.now();
  const midpointError = await midpoint.settle();
  return { durationS: Number(end - start) / 1e9, midpointError, load: { model: 'closed' } };
};
