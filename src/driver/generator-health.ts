// Watches the load generator itself during a measured window: CPU of this process, event-loop delay, and on
// Linux the sockets left in TIME_WAIT and open file descriptors. When the generator is saturated its figures
// describe itself, not the target, and the result must say so.

import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GeneratorHealth } from '../model/result.js';

/** Above this share of one core the generator, not the target, may be what limits throughput. */
export const CPU_SATURATED_PERCENT = 90;
/** Event-loop delay p99 above this means timers and I/O callbacks queue behind the harness's own work. */
export const EVENT_LOOP_P99_SATURATED_MS = 20;

export interface HealthProbe {
  stop(): GeneratorHealth;
}

/** `threads`: worker threads generating load besides the main one (CPU is counted process-wide). */
export function watchGenerator(threads = 1): HealthProbe {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return {
    stop() {
      loop.disable();
      const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuPercent = wallUs > 0 ? ((cpu.user + cpu.system) / wallUs) * 100 : 0;
      const eventLoopDelayP99Ms = loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
      const health: GeneratorHealth = {
        cpuPercent,
        eventLoopDelayP99Ms,
        eventLoopDelayMaxMs: loop.count > 0 ? loop.max / 1e6 : 0,
        saturated:
          cpuPercent > CPU_SATURATED_PERCENT * threads || eventLoopDelayP99Ms > EVENT_LOOP_P99_SATURATED_MS,
      };
      const timeWait = countTimeWait();
      if (timeWait !== undefined) health.timeWaitSockets = timeWait;
      const fds = countOpenFds();
      if (fds !== undefined) health.openFds = fds;
      return health;
    },
  };
}

export function describeSaturation(h: GeneratorHealth): string {
  return `load generator saturated (CPU ${h.cpuPercent.toFixed(0)} % of one core, event-loop delay p99 ${h.eventLoopDelayP99Ms.toFixed(1)} ms): these figures may measure poolbench rather than the target; use fewer connections, a lower rate, or more generator workers`;
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
