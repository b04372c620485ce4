// The bare loop a user would write with the client library alone: C async loops, a plain counter, a timer
// that ends the window. No histograms, no per-op clock reads, no driver: the floor poolbench is held to.

import { setTimeout as sleep } from 'node:timers/promises';
import type { HandClient } from './spec.js';

export interface HandWindow {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  signal: AbortSignal;
}

/** Ops per second over the window (ops in flight at its edges count where they finish). */
export async function runHandLoop(client: HandClient, w: HandWindow): Promise<number> {
  let running = true;
  let counted = 0;
  let failure: unknown;
  const loop = async (worker: number) => {
    try {
      while (running) {
        await client.op(worker);
        counted++;
      }
    } catch (err) {
      failure ??= err;
      running = false;
    }
  };
  const loops = Promise.all(Array.from({ length: w.concurrency }, (_, i) => loop(i)));
  const stop = () => {
    running = false;
  };
  w.signal.addEventListener('abort', stop, { once: true });
  try {
    await sleep(w.warmupMs);
    const before = counted;
    const t0 = performance.now();
    await sleep(w.durationMs);
    const ops = counted - before;
    const seconds = (performance.now() - t0) / 1000;
    running = false;
    await loops;
    if (failure !== undefined) throw failure;
    return ops / seconds;
  } finally {
    running = false;
    w.signal.removeEventListener('abort', stop);
    await loops;
  }
}
