// The two ways to get a task done by a worker process. unpooled: spawn one per task, wait for ready,
// send, read, let it exit. pooled: N persistent workers behind a FIFO task queue; a worker that crashed
// or hung is discarded and replaced in the background while its task is retried on another.

import { availableParallelism } from 'node:os';
import { ResourcePool } from '../../src/pool/resource-pool.js';
import type { VariantContext, VariantRun } from '../../src/scenario/index.js';
import { loadBehaviour } from './launcher.js';
import { poolMemory } from './memory.js';
import { defaultPoolSize, type options, type WorkerPoolOptions } from './options.js';
import type { WorkerPoolSession } from './session.js';
import { isWorkerFailure, TaskRunner } from './tasks.js';
import type { WorkerProcess } from './worker-process.js';

type WorkerPoolContext = VariantContext<typeof options, WorkerPoolSession>;

function taskRunner(o: WorkerPoolOptions): TaskRunner {
  return new TaskRunner({ rate: o.faultRate, kind: o.faultKind }, o.taskTimeout);
}

export function unpooled(ctx: WorkerPoolContext): VariantRun {
  const launcher = ctx.session.newLauncher(loadBehaviour(ctx.options));
  const runner = taskRunner(ctx.options);
  return {
    op: (info) =>
      runner.run(info.iteration, async (request) => {
        const worker = await info.time('spawn-to-ready', () => launcher.start(ctx.signal));
        try {
          return await info.time('task', () => worker.request(request));
        } finally {
          await info.time('exit', () => worker.close());
        }
      }),
    gauges: () => ({ created: launcher.spawned, total: launcher.liveCount }),
    details: () => ({ ...runner.counters }),
    teardown: () => launcher.killAll(),
  };
}

export async function pooled(ctx: WorkerPoolContext): Promise<VariantRun> {
  const size = ctx.options.poolSize ?? defaultPoolSize(ctx.concurrency, availableParallelism());
  const launcher = ctx.session.newLauncher(loadBehaviour(ctx.options));
  const pool = new ResourcePool<WorkerProcess>({
    max: size,
    create: () => launcher.start(ctx.signal),
    destroy: (worker) => worker.kill(),
    isAlive: (worker) => worker.alive,
    overflow: 'wait',
  });
  const teardown = async () => {
    await pool.close();
    await launcher.killAll();
  };
  try {
    await pool.warm(size); // all N started at once, as the concurrent start-up series measures
  } catch (err) {
    await teardown();
    throw err;
  }
  let replaceFailures = 0;
  // Tops the pool back up to N; a waiting task may already have been handed a fresh worker by discard().
  const replace = () => pool.warm(size).catch(() => void replaceFailures++);
  const runner = taskRunner(ctx.options);
  return {
    op: (info) =>
      runner.run(info.iteration, async (request) => {
        const entry = await info.time('queue', () => pool.acquire());
        let result: number;
        try {
          result = await info.time('task', () => entry.resource.request(request));
        } catch (err) {
          if (!isWorkerFailure(err)) {
            pool.release(entry); // the worker answered (with an error): it is healthy
            throw err;
          }
          await pool.discard(entry);
          void replace();
          throw err;
        }
        pool.release(entry);
        return result;
      }),
    gauges: () => {
      const g = pool.gauges();
      return { created: launcher.spawned, total: g.total, idle: g.idle, waiting: g.waiting };
    },
    details: () => ({
      poolSize: size,
      ...runner.counters,
      workersReplaced: launcher.spawned - size,
      replaceFailures,
      ...poolMemory(launcher.livePids()),
    }),
    teardown,
  };
}
