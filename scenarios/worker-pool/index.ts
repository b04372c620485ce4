// Scenario worker-pool (issue 6): a pool of persistent worker processes (Python or Node, JSON lines
// over stdio) vs a process per task, and the seed's start-up experiment, sequential vs concurrent.
// The session owns every launcher it hands out, so close() (and the process 'exit' hook in
// worker-process.ts) leaves no worker behind.

import type {
  Experiment,
  Scenario,
  ScenarioSession,
  SetupContext,
  VariantRun,
} from '../../src/driver/scenario.js';
import type { TargetInfo } from '../../src/model/result.js';
import { type Interpreter, resolveInterpreter, SCRIPT_DIR } from './interpreter.js';
import { type WorkerBehaviour, WorkerLauncher, workerCommand } from './launcher.js';
import { workerMemory } from './memory.js';
import { readSettings, validateSettings, type WorkerPoolSettings, workerPoolOptions } from './options.js';
import { startupExperiment } from './startup.js';
import { loadBehaviour, pooled, unpooled, type VariantEnv } from './variants.js';

class WorkerPoolSession implements ScenarioSession {
  readonly target: TargetInfo;
  readonly notes: string[];
  private readonly launchers = new Set<WorkerLauncher>();
  private readonly env: VariantEnv;

  constructor(
    private readonly settings: WorkerPoolSettings,
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
    this.env = { settings, newLauncher: (b) => this.newLauncher(b) };
    this.notes = describe(settings, interpreter);
  }

  async setup(variant: string, ctx: SetupContext): Promise<VariantRun> {
    if (variant === 'unpooled') return unpooled(this.env, ctx);
    if (variant === 'pooled') return pooled(this.env, ctx);
    throw new Error(`worker-pool has no variant '${variant}'`);
  }

  experiments(): Experiment[] {
    const initMs = this.settings.startupInitMs;
    return [
      startupExperiment({
        launcher: this.newLauncher({ initMs, workMs: 0, workMode: 'sleep' }),
        kind: this.interpreter.kind,
        initMs,
        xs: this.settings.startupWorkers,
        signal: this.signal,
      }),
    ];
  }

  /** Interpreter facts, and the memory of one freshly started worker that has answered one task. */
  async details(): Promise<Record<string, string | number | boolean>> {
    const launcher = this.newLauncher(loadBehaviour(this.settings));
    const worker = await launcher.start(this.signal);
    let memory: Record<string, number>;
    try {
      await worker.request({ expr: '(2+3)*4', timeoutMs: this.settings.taskTimeoutMs });
      memory = workerMemory(worker.pid, 'freshWorker');
    } finally {
      await worker.kill();
    }
    return {
      worker: this.interpreter.kind,
      interpreter: this.interpreter.executable,
      interpreterVersion: this.interpreter.version,
      workerInitMs: this.settings.initMs,
      workMs: this.settings.workMs,
      workMode: this.settings.workMode,
      taskTimeoutMs: this.settings.taskTimeoutMs,
      faultRate: this.settings.faultRate,
      ...memory,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.launchers].map((l) => l.killAll()));
  }

  private newLauncher(behaviour: WorkerBehaviour): WorkerLauncher {
    const launcher = new WorkerLauncher(workerCommand(this.interpreter, behaviour), behaviour.initMs);
    this.launchers.add(launcher);
    return launcher;
  }
}

function describe(s: WorkerPoolSettings, interpreter: Interpreter): string[] {
  const notes = [
    'unpooled: every op spawns a worker, waits for its ready line, sends one task, closes its stdin and waits for it to exit (steps spawn-to-ready, task, exit).',
    'pooled: N persistent workers started concurrently before the run, a FIFO task queue (step queue); a crashed or hung worker is killed and replaced in the background, its task retried once on another worker.',
    `Per-request work: ${s.workMs} ms spent as ${s.workMode === 'busy' ? 'a CPU-bound spin' : 'a sleep'} (--work, --work-mode); worker start-up cost ${s.initMs} ms (--worker-init).`,
  ];
  if (interpreter.kind === 'python' && interpreter.executable !== interpreter.requested) {
    notes.push(
      `Python '${interpreter.requested}' resolved to ${interpreter.executable}, spawned directly (a version-manager shim would add its own start-up to every spawn).`,
    );
  }
  if (s.faultRate > 0) {
    notes.push(
      `Fault injection: ${s.faultRate} of task attempts make the worker ${s.faultKind === 'both' ? 'crash or hang (half each)' : s.faultKind}; hung workers are killed after ${s.taskTimeoutMs} ms. The counters in run details (crashes, timeouts, retries) include the warm-up; the run's errors are the measured window's (tasks whose retry failed too).`,
    );
  }
  return notes;
}

export const workerPool = {
  id: 'worker-pool',
  description:
    'Persistent worker processes (Python or Node, JSON over stdio) vs a process per task; pool start-up sequential vs concurrent',
  variants: ['unpooled', 'pooled'],
  baseline: 'unpooled',
  // The seed's load: 1000 requests at 50 concurrent.
  defaultConcurrency: [50],
  defaultOps: 1000,
  options: workerPoolOptions,
  validate: validateSettings,
  async open(opts, signal) {
    const settings = readSettings(opts);
    const interpreter = await resolveInterpreter(settings, signal);
    return new WorkerPoolSession(settings, interpreter, signal);
  },
} satisfies Scenario;
