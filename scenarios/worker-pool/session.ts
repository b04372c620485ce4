// An open worker-pool scenario: the interpreter found, and every launcher the variants and experiments
// use, so close() (and the process 'exit' hook in worker-process.ts) leaves no worker behind.

import type { Experiment, Facts, Session, TargetInfo } from '../../src/scenario/index.js';
import { type Interpreter, resolveInterpreter, SCRIPT_DIR } from './interpreter.js';
import { loadBehaviour, type WorkerBehaviour, WorkerLauncher, workerCommand } from './launcher.js';
import { workerMemory } from './memory.js';
import type { options, WorkerPoolOptions } from './options.js';
import { startupExperiment } from './startup.js';

export async function openWorkerPool(o: WorkerPoolOptions, signal: AbortSignal): Promise<WorkerPoolSession> {
  return new WorkerPoolSession(o, await resolveInterpreter(o, signal), signal);
}

export class WorkerPoolSession implements Session<typeof options> {
  readonly target: TargetInfo;
  readonly notes: string[];
  private readonly launchers = new Set<WorkerLauncher>();

  constructor(
    private readonly o: WorkerPoolOptions,
    private readonly interpreter: Interpreter,
    private readonly signal: AbortSignal,
  ) {
    const file = interpreter.script.split('/').at(-1);
    this.target = {
      description: `${interpreter.kind} worker processes, JSON lines over stdio (${SCRIPT_DIR}/${file})`,
      server: interpreter.kind,
      serverVersion: interpreter.version,
      embedded: true,
    };
    this.notes = describe(o, interpreter);
  }

  experiments(): Experiment[] {
    const initMs = this.o.startupInit ?? this.o.workerInit;
    return [
      startupExperiment({
        launcher: this.newLauncher({ initMs, workMs: 0, workMode: 'sleep' }),
        kind: this.interpreter.kind,
        initMs,
        xs: this.o.startupWorkers,
        signal: this.signal,
      }),
    ];
  }

  /** Interpreter facts, and the memory of one freshly started worker that has answered one task. */
  async details(): Promise<Facts> {
    const launcher = this.newLauncher(loadBehaviour(this.o));
    const worker = await launcher.start(this.signal);
    let memory: Record<string, number>;
    try {
      await worker.request({ expr: '(2+3)*4', timeoutMs: this.o.taskTimeout });
      memory = workerMemory(worker.pid, 'freshWorker');
    } finally {
      await worker.kill();
    }
    return {
      worker: this.interpreter.kind,
      interpreter: this.interpreter.executable,
      interpreterVersion: this.interpreter.version,
      workerInitMs: this.o.workerInit,
      workMs: this.o.work,
      workMode: this.o.workMode,
      taskTimeoutMs: this.o.taskTimeout,
      faultRate: this.o.faultRate,
      ...memory,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.launchers].map((l) => l.killAll()));
  }

  /** A launcher whose every worker close() will kill. */
  newLauncher(behaviour: WorkerBehaviour): WorkerLauncher {
    const launcher = new WorkerLauncher(workerCommand(this.interpreter, behaviour), behaviour.initMs);
    this.launchers.add(launcher);
    return launcher;
  }
}

function describe(s: WorkerPoolOptions, interpreter: Interpreter): string[] {
  const notes = [
    'unpooled: every op spawns a worker, waits for its ready line, sends one task, closes its stdin and waits for it to exit (steps spawn-to-ready, task, exit).',
    'pooled: N persistent workers started concurrently before the run, a FIFO task queue (step queue); a crashed or hung worker is killed and replaced in the background, its task retried once on another worker.',
    `Per-request work: ${s.work} ms spent as ${s.workMode === 'busy' ? 'a CPU-bound spin' : 'a sleep'} (--work, --work-mode); worker start-up cost ${s.workerInit} ms (--worker-init).`,
  ];
  if (interpreter.kind === 'python' && interpreter.executable !== interpreter.requested) {
    notes.push(
      `Python '${interpreter.requested}' resolved to ${interpreter.executable}, spawned directly (a version-manager shim would add its own start-up to every spawn).`,
    );
  }
  if (s.faultRate > 0) {
    notes.push(
      `Fault injection: ${s.faultRate} of task attempts make the worker ${s.faultKind === 'both' ? 'crash or hang (half each)' : s.faultKind}; hung workers are killed after ${s.taskTimeout} ms. The counters in run details (crashes, timeouts, retries) include the warm-up; the run's errors are the measured window's (tasks whose retry failed too).`,
    );
  }
  return notes;
}
