// Watches the load generator itself during a measured window: CPU of this process, event-loop delay, and on
// Linux the sockets left in TIME_WAIT and open file descriptors. When the generator is saturated its figures
// describe itself, not the target, and the result must say so.

import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { GeneratorHealth, LoadInfo } from '../../model/result.js';

/** Above this share of its time busy, a generating event loop, not the target, limits throughput. */
export const UTILIZATION_SATURATED = 0.9;
/** Event-loop delay p99 (beyond the sampling resolution) above this means callbacks queue behind our own work. */
export const EVENT_LOOP_P99_SATURATED_MS = 20;
const RESOLUTION_MS = 10;

export interface HealthProbe {
  /** `threadUtilizations`: the event-loop utilization of each load thread, when the load ran in threads. */
  stop(threadUtilizations?: readonly number[]): GeneratorHealth;
}

/**
 * Saturation is judged on the generating event loop's utilization (busy time / wall time), not on process
 * CPU: the process also hosts in-process servers on other threads, whose work is not the generator's.
 */
export function watchGenerator(): HealthProbe {
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = process.hrtime.bigint();
  return {
    stop(threadUtilizations) {
      loop.disable();
      const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const own = performance.eventLoopUtilization(elu0).utilization;
      const eventLoopUtilization = threadUtilizations?.length ? Math.max(...threadUtilizations) : own;
      // The histogram counts the sampling interval itself: an idle loop reads ~10 ms at a 10 ms resolution.
      const excess = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
      const eventLoopDelayP99Ms = loop.count > 0 ? excess(loop.percentile(99)) : 0;
      const health: GeneratorHealth = {
        cpuPercent: wallUs > 0 ? ((cpu.user + cpu.system) / wallUs) * 100 : 0,
        eventLoopUtilization,
        eventLoopDelayP99Ms,
        eventLoopDelayMaxMs: loop.count > 0 ? excess(loop.max) : 0,
        saturated:
          eventLoopUtilization > UTILIZATION_SATURATED || eventLoopDelayP99Ms > EVENT_LOOP_P99_SATURATED_MS,
      };
      const timeWait = countTimeWait();
      if (timeWait !== undefined) health.timeWaitSockets = timeWait;
      const fds = countOpenFds();
      if (fds !== undefined) health.openFds = fds;
      return health;
    },
  };
}

/** Share of a fixed-rate window's ops that may start late before the generator counts as saturated. */
export const LATE_SHARE_SATURATED = 0.05;

/**
 * Under the fixed-rate model the scheduler spins between closely spaced ops, so a busy event loop is
 * expected there and says nothing: the generator is saturated when its ops start late instead.
 */
export function judgeGenerator(h: GeneratorHealth, load: LoadInfo): GeneratorHealth {
  if (load.model !== 'rate') return h;
  const lateShare = load.started > 0 ? load.late / load.started : 0;
  return {
    ...h,
    lateShare,
    saturated: lateShare > LATE_SHARE_SATURATED || h.eventLoopDelayP99Ms > EVENT_LOOP_P99_SATURATED_MS,
  };
}

export function describeSaturation(h: GeneratorHealth): string {
  const busy =
    h.lateShare !== undefined
      ? `${(h.lateShare * 100).toFixed(0)} % of ops started more than 1 ms late`
      : `event loop ${(h.eventLoopUtilization * 100).toFixed(0)} % busy`;
  return `load generator saturated (${busy}, event-loop delay p99 ${h.eventLoopDelayP99Ms.toFixed(1)} ms): these figures may measure poolbench rather than the target; use fewer connections, a lower rate, or --workers`;
}

const TCP_TIME_WAIT = '06';

/** Sockets in TIME_WAIT on this machine (all processes), from /proc/net/tcp{,6}; undefined off Linux. */
export function countTimeWait(): number | undefined {
  let count = 0;
  let found = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      const lines = readFileSync(file, 'utf8').split('\n');
      found = true;
      for (let i = 1; i < lines.length; i++) {
        if (lines[i]!.trim().split(/\s+/)[3] === TCP_TIME_WAIT) count++;
      }
    } catch {
      // not Linux, or no IPv6
    }
  }
  return found ? count : undefined;
}

function countOpenFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}
