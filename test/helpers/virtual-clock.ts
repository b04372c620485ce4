// A virtual clock for the driver's timing tests (hyperfine's MockExecutor): time moves only when every
// op is waiting on it, jumping straight to the next timer, so a 2 s window runs in milliseconds and gives
// the same figures on every run, however busy the machine. `burn` is CPU work: time passes while the
// event loop is busy, which the generator probe reports as utilization.

import type { Clock, Instruments } from '../../src/driver/clock.js';
import type { HealthProbe } from '../../src/driver/measure/generator-health.js';
import { UTILIZATION_SATURATED } from '../../src/driver/measure/generator-health.js';

interface Timer {
  at: bigint;
  seq: number;
  fn: () => void;
}

const NS_PER_MS = 1_000_000;

export class VirtualClock implements Clock {
  private nowNs = 0n;
  private busyNs = 0n;
  private timers: Timer[] = [];
  private seq = 0;
  private stepQueued = false;

  now(): bigint {
    return this.nowNs;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.nowNs + BigInt(Math.ceil(ms * NS_PER_MS)), seq: this.seq++, fn };
    this.timers.push(timer);
    this.queueStep();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** What an op awaits instead of a real sleep. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** CPU work: the clock moves on at once, and the time counts as the event loop busy. */
  burn(ms: number): void {
    const ns = BigInt(Math.round(ms * NS_PER_MS));
    this.nowNs += ns;
    this.busyNs += ns;
  }

  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  wakeIn(ns: number, fn: () => void): void {
    this.after(Math.max(0, ns) / NS_PER_MS, fn);
  }

  /** The busy share of virtual time since `fromNs`, `busyFrom` being busyNs then. */
  utilization(fromNs: bigint, busyFrom: bigint): number {
    const wall = this.nowNs - fromNs;
    return wall > 0n ? Number(this.busyNs - busyFrom) / Number(wall) : 0;
  }

  get busy(): bigint {
    return this.busyNs;
  }

  // Runs after the promises resolved so far have settled (a macrotask): whatever is still pending waits
  // on the clock, so the earliest timer fires, time jumping to it. One timer per turn, in order of time
  // and then of creation, so the interleaving is the same on every run.
  private queueStep(): void {
    if (this.stepQueued) return;
    this.stepQueued = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    this.stepQueued = false;
    if (this.timers.length === 0) return;
    let next = 0;
    for (let i = 1; i < this.timers.length; i++) {
      const t = this.timers[i]!;
      const n = this.timers[next]!;
      if (t.at < n.at || (t.at === n.at && t.seq < n.seq)) next = i;
    }
    const [timer] = this.timers.splice(next, 1);
    if (timer!.at > this.nowNs) this.nowNs = timer!.at;
    if (this.timers.length > 0) this.queueStep();
    timer!.fn();
  }
}

/**
 * The driver's instruments on a virtual clock: the generator probe reports the busy share of virtual time
 * (from `burn`) and no event-loop delay, so saturation is judged on the simulation, not on this machine.
 */
export function virtualInstruments(clock = new VirtualClock()): Instruments & { clock: VirtualClock } {
  return {
    clock,
    watchGenerator(): HealthProbe {
      const from = clock.now();
      const busyFrom = clock.busy;
      return {
        stop() {
          const eventLoopUtilization = clock.utilization(from, busyFrom);
          return {
            cpuPercent: eventLoopUtilization * 100,
            eventLoopUtilization,
            eventLoopDelayP99Ms: 0,
            eventLoopDelayMaxMs: 0,
            saturated: eventLoopUtilization > UTILIZATION_SATURATED,
          };
        },
      };
    },
  };
}
