// The worker-pool scenario's flags, declared once: their kinds give the scenario its typed values
// (durations in milliseconds). validate() checks the bounds that keep a typo from being a fork bomb.

import { type OptionValues, option } from '../../src/scenario/index.js';

export const options = {
  worker: option.choice({
    flag: '--worker <kind>',
    description: 'worker process kind: python (worker.py under python3) or node (worker.mjs)',
    choices: ['python', 'node'],
    default: 'python',
  }),
  python: option.string({
    flag: '--python <path>',
    description: 'Python interpreter for --worker python',
    env: 'POOLBENCH_PYTHON',
    default: 'python3',
  }),
  workerInit: option.duration({
    flag: '--worker-init <time>',
    description:
      'simulated start-up cost of each worker (a sleep before it reports ready, like importing heavy libraries)',
    default: 0,
  }),
  work: option.duration({
    flag: '--work <time>',
    description: 'simulated work per request, after the expression is evaluated (see --work-mode)',
    default: 0,
  }),
  workMode: option.choice({
    flag: '--work-mode <mode>',
    description: 'how --work is spent: sleep (waiting on I/O) or busy (CPU-bound spin)',
    choices: ['sleep', 'busy'],
    default: 'sleep',
  }),
  poolSize: option.int({
    flag: '--pool-size <n>',
    description:
      'persistent workers in the pooled variant (default: the concurrency, at most max(8, 2 x CPUs))',
    usedBy: ['pooled'],
  }),
  faultRate: option.number({
    flag: '--fault-rate <p>',
    description: 'probability (0..1) that a task makes its worker crash or hang mid-task',
    min: 0,
    default: 0,
  }),
  faultKind: option.choice({
    flag: '--fault-kind <kind>',
    description:
      'what an injected fault does: crash (worker exits), hang (never answers) or both (half each)',
    choices: ['crash', 'hang', 'both'],
    default: 'both',
  }),
  taskTimeout: option.duration({
    flag: '--task-timeout <time>',
    description: 'a worker that has not answered a task by then is killed and the task retried once',
    default: 5000,
  }),
  startupWorkers: option.intList({
    flag: '--startup-workers <list>',
    description: 'worker counts for the start-up experiment (sequential vs concurrent start)',
    default: [1, 2, 4, 8, 16],
    usedBy: [],
  }),
  startupInit: option.duration({
    flag: '--startup-init <time>',
    description: 'start-up cost per worker in the start-up experiment (default: --worker-init)',
    usedBy: [],
  }),
};

export type WorkerPoolOptions = OptionValues<typeof options>;
export type WorkerKind = WorkerPoolOptions['worker'];
export type WorkMode = WorkerPoolOptions['workMode'];
export type FaultKind = WorkerPoolOptions['faultKind'];

/** Guards against fork bombs from a typo: more workers than this is never what a benchmark wants. */
export const MAX_WORKERS = 256;

/** Problems across options, all at once (the contract checks each value's type and minimum). */
export function validate(o: WorkerPoolOptions): string[] {
  const problems: string[] = [];
  if (o.faultRate > 1) problems.push(`--fault-rate must be between 0 and 1, got ${o.faultRate}`);
  if (o.poolSize !== undefined && o.poolSize > MAX_WORKERS)
    problems.push(`--pool-size must be at most ${MAX_WORKERS}, got ${o.poolSize}`);
  if (o.startupWorkers.some((n) => n > MAX_WORKERS))
    problems.push(`--startup-workers: every count must be at most ${MAX_WORKERS}`);
  if (o.taskTimeout <= 0) problems.push('--task-timeout must be more than 0');
  return problems;
}

/** One worker per concurrent client, capped: beyond a few per core, more processes only add memory. */
export function defaultPoolSize(concurrency: number, cpus: number): number {
  return Math.max(1, Math.min(concurrency, Math.max(8, 2 * cpus)));
}
