// One worker OS process speaking line-delimited JSON over stdio (worker.py / worker.mjs): start it, wait
// for its ready line, send it calculate requests, close or kill it. Every process ever started is kept in
// a module-wide set until it exits, and a process 'exit' hook SIGKILLs whatever is left, so no worker
// outlives the harness even when a run is cut short without close().

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TaskError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from './worker-errors.js';

export interface WorkerCommand {
  /** Interpreter to run (python3's real executable, or node's). */
  executable: string;
  /** The script and its flags (init time, work time...). */
  args: string[];
}

export interface TaskRequest {
  expr: string;
  /** Fault injected into this task: the worker exits, or never answers. */
  fault?: 'crash' | 'hang';
  timeoutMs: number;
}

// --- orphan protection: synchronous SIGKILL of every worker still running when this process exits ---
const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function track(child: ChildProcessWithoutNullStreams): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => {
    if (child.pid === undefined) running.delete(child);
  });
}

// One abort listener per signal for every worker starting under it: a listener per worker would trip
// Node's listener-leak warning as soon as a dozen workers start at once.
const startingBySignal = new WeakMap<AbortSignal, Set<WorkerProcess>>();

function startingOn(signal: AbortSignal): Set<WorkerProcess> {
  let set = startingBySignal.get(signal);
  if (!set) {
    const workers = new Set<WorkerProcess>();
    signal.addEventListener(
      'abort',
      () => {
        for (const w of [...workers]) w.onInterrupt?.();
      },
      { once: true },
    );
    startingBySignal.set(signal, workers);
    set = workers;
  }
  return set;
}

interface Pending {
  resolve(value: number): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL_CHARS = 2000;
/** How long a graceful close (stdin EOF) may take before the worker is killed. */
const CLOSE_GRACE_MS = 2000;

export class WorkerProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private exitReason: string | undefined;
  private onReady: (() => void) | undefined;
  /** Set while waiting for the ready line: gives up the wait (Ctrl-C). */
  onInterrupt: (() => void) | undefined;
  /** Resolves once the process has exited and its pipes are closed (or it never started). */
  readonly gone: Promise<void>;

  private constructor(command: WorkerCommand) {
    this.child = spawn(command.executable, command.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(this.child);
    let markGone!: () => void;
    this.gone = new Promise((resolve) => (markGone = resolve));
    // A write to a worker that just died fails with EPIPE; the 'close' below reports the death.
    this.child.stdin.on('error', () => {});
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    createInterface({ input: this.child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      this.onLine(line),
    );
    this.child.once('exit', (code, signal) => {
      this.exitReason ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
    });
    this.child.once('error', (err) => {
      this.exitReason ??= err.message;
      // A spawn failure emits no 'close' when no process was ever created.
      if (this.child.pid === undefined) this.finish(markGone);
    });
    this.child.once('close', () => this.finish(markGone));
  }

  /** Spawns a worker and waits for its ready line; a worker that does not get there is killed. */
  static async start(
    command: WorkerCommand,
    opts: { readyTimeoutMs: number; signal?: AbortSignal; onSpawn?: (w: WorkerProcess) => void },
  ): Promise<WorkerProcess> {
    opts.signal?.throwIfAborted();
    const worker = new WorkerProcess(command);
    opts.onSpawn?.(worker);
    try {
      await worker.waitReady(opts.readyTimeoutMs, opts.signal);
      return worker;
    } catch (err) {
      await worker.kill();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process has exited (crashed, killed, or closed). */
  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Sends one calculate request; a worker that does not answer in time is killed. */
  request(task: TaskRequest): Promise<number> {
    if (!this.alive) return Promise.reject(new WorkerCrashedError(`worker ${this.describe()}`));
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TaskTimeoutError(task.timeoutMs));
        void this.kill();
      }, task.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const message = { id, op: 'calculate', expr: task.expr, ...(task.fault ? { fault: task.fault } : {}) };
      this.child.stdin.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Graceful stop: close stdin (the worker exits on EOF); killed if it takes longer than a grace period. */
  async close(): Promise<void> {
    if (!this.alive) return this.gone;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await this.gone;
    clearTimeout(timer);
  }

  /** Immediate stop (SIGKILL); resolves when the process is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.gone;
  }

  private waitReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const starting = signal ? startingOn(signal) : undefined;
      const settle = (err?: Error) => {
        clearTimeout(timer);
        starting?.delete(this);
        this.onReady = undefined;
        this.onInterrupt = undefined;
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => settle(new WorkerStartError(`worker not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.onReady = () => settle();
      this.onInterrupt = () => settle(new WorkerStartError('worker start interrupted'));
      starting?.add(this);
      void this.gone.then(() =>
        settle(new WorkerStartError(`worker ${this.describe()} before it was ready`)),
      );
    });
  }

  private onLine(line: string): void {
    let message: { ready?: boolean; id?: number; result?: unknown; error?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      this.stderrTail = `${this.stderrTail}\nnot JSON on stdout: ${line.slice(0, 200)}`.slice(
        -STDERR_TAIL_CHARS,
      );
      return;
    }
    if (message.ready) {
      this.onReady?.();
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending) return;
    this.pending.delete(message.id!);
    clearTimeout(pending.timer);
    if (typeof message.result === 'number') pending.resolve(message.result);
    else pending.reject(new TaskError(`worker answered: ${String(message.error ?? line.slice(0, 200))}`));
  }

  private finish(markGone: () => void): void {
    this.exitReason ??= 'exited';
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new WorkerCrashedError(`worker ${this.describe()} mid-task`));
    }
    markGone();
  }

  private describe(): string {
    const stderr = this.stderrTail.trim().split('\n').at(-1);
    return `(pid ${this.child.pid ?? 'none'}) ${this.exitReason ?? 'running'}${stderr ? `: ${stderr}` : ''}`;
  }
}
