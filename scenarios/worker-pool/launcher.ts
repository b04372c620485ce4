// Starts workers of one configuration and remembers the live ones, so a variant (or the start-up
// experiment) can count the processes it spawned and kill whatever it still has when it ends.

import type { Interpreter } from './interpreter.js';
import type { WorkerPoolOptions, WorkMode } from './options.js';
import { type WorkerCommand, WorkerProcess } from './worker-process.js';

export interface WorkerBehaviour {
  initMs: number;
  workMs: number;
  workMode: WorkMode;
}

/** How the workers of the measured runs behave, from the options. */
export function loadBehaviour(o: WorkerPoolOptions): WorkerBehaviour {
  return { initMs: o.workerInit, workMs: o.work, workMode: o.workMode };
}

/** Readiness allowance on top of the simulated init: a cold interpreter on a loaded machine is slow. */
const READY_SLACK_MS = 30_000;

export function workerCommand(interpreter: Interpreter, behaviour: WorkerBehaviour): WorkerCommand {
  return {
    executable: interpreter.executable,
    args: [
      interpreter.script,
      '--init-ms',
      String(behaviour.initMs),
      '--work-ms',
      String(behaviour.workMs),
      '--work-mode',
      behaviour.workMode,
    ],
  };
}

export class WorkerLauncher {
  /** Processes spawned (including ones that never got ready): the variant's `created` gauge. */
  spawned = 0;
  private readonly live = new Set<WorkerProcess>();
  private readonly readyTimeoutMs: number;

  constructor(
    private readonly command: WorkerCommand,
    initMs: number,
  ) {
    this.readyTimeoutMs = initMs + READY_SLACK_MS;
  }

  start(signal?: AbortSignal): Promise<WorkerProcess> {
    return WorkerProcess.start(this.command, {
      readyTimeoutMs: this.readyTimeoutMs,
      signal,
      onSpawn: (worker) => {
        this.spawned++;
        this.live.add(worker);
        void worker.gone.then(() => this.live.delete(worker));
      },
    });
  }

  get liveCount(): number {
    return this.live.size;
  }

  livePids(): number[] {
    return [...this.live].flatMap((w) => (w.alive && w.pid !== undefined ? [w.pid] : []));
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.live].map((w) => w.kill()));
  }
}
