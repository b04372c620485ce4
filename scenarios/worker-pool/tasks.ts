// What one op asks a worker, and the policy both variants share: draw the injected fault, check the
// answer, and retry once on a fresh worker when the first one crashed or hung.

import type { FaultKind } from './options.js';
import { TaskTimeoutError, WorkerCrashedError } from './worker-errors.js';
import type { TaskRequest } from './worker-process.js';

export interface Task {
  expr: string;
  expected: number;
}

/** The seed's request ("i + i"), alternated with expressions that exercise parentheses and unary minus. */
export function taskFor(i: number): Task {
  const a = i % 1000;
  const b = ((i * 7) % 97) + 1;
  const c = (i % 9) + 1;
  switch (i % 3) {
    case 0:
      return { expr: `${i} + ${i}`, expected: 2 * i };
    case 1:
      return { expr: `(${a} + ${b}) * ${c}`, expected: (a + b) * c };
    default:
      return { expr: `-(${a} - ${b}) * ${c} / 4`, expected: (-(a - b) * c) / 4 };
  }
}

export class WrongResultError extends Error {
  readonly code = 'WRONG_RESULT';
  constructor(task: Task, got: number) {
    super(`worker answered ${got} to '${task.expr}', expected ${task.expected}`);
    this.name = 'WRONG_RESULT';
  }
}

/** Counted since the variant was set up (warm-up included): the driver's error counts are per window. */
export interface FaultCounters {
  faultsInjected: number;
  crashes: number;
  timeouts: number;
  retries: number;
  retriesSucceeded: number;
}

export function isWorkerFailure(err: unknown): boolean {
  return err instanceof WorkerCrashedError || err instanceof TaskTimeoutError;
}

export class TaskRunner {
  readonly counters: FaultCounters = {
    faultsInjected: 0,
    crashes: 0,
    timeouts: 0,
    retries: 0,
    retriesSucceeded: 0,
  };

  constructor(
    private readonly fault: { rate: number; kind: FaultKind },
    private readonly timeoutMs: number,
  ) {}

  /**
   * Runs the task for this iteration through `attempt` (one try on one worker). A worker that crashed or
   * hung costs one retry on another worker; a second failure fails the op, and the driver counts it.
   */
  async run(iteration: number, attempt: (request: TaskRequest) => Promise<number>): Promise<void> {
    const task = taskFor(iteration);
    let result: number;
    try {
      result = await this.once(task, attempt);
    } catch (err) {
      if (!isWorkerFailure(err)) throw err;
      this.counters.retries++;
      result = await this.once(task, attempt);
      this.counters.retriesSucceeded++;
    }
    if (Math.abs(result - task.expected) > 1e-9 * Math.max(1, Math.abs(task.expected))) {
      throw new WrongResultError(task, result);
    }
  }

  private async once(task: Task, attempt: (request: TaskRequest) => Promise<number>): Promise<number> {
    const fault = this.drawFault();
    if (fault) this.counters.faultsInjected++;
    try {
      return await attempt({ expr: task.expr, timeoutMs: this.timeoutMs, ...(fault ? { fault } : {}) });
    } catch (err) {
      if (err instanceof WorkerCrashedError) this.counters.crashes++;
      else if (err instanceof TaskTimeoutError) this.counters.timeouts++;
      throw err;
    }
  }

  private drawFault(): 'crash' | 'hang' | undefined {
    if (this.fault.rate <= 0 || Math.random() >= this.fault.rate) return undefined;
    if (this.fault.kind !== 'both') return this.fault.kind;
    return Math.random() < 0.5 ? 'crash' : 'hang';
  }
}
