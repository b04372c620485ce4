// The worker-pool scenario's flags, and the typed settings read from the CLI's parsed values.
// Durations arrive from the CLI as milliseconds; defaults are given in milliseconds too, so the
// recorded options read the same whether a value was typed or defaulted.

import type { OptionSpec, OptionValues } from '../../src/driver/scenario.js';
import { ConfigError } from '../../src/errors.js';
import { parseDurationMs } from '../../src/util/units.js';

export type WorkerKind = 'python' | 'node';
export type WorkMode = 'sleep' | 'busy';
export type FaultKind = 'crash' | 'hang' | 'both';

export interface WorkerPoolSettings {
  kind: WorkerKind;
  python: string;
  initMs: number;
  workMs: number;
  workMode: WorkMode;
  /** Undefined: computed per run from the concurrency (see defaultPoolSize). */
  poolSize: number | undefined;
  faultRate: number;
  faultKind: FaultKind;
  taskTimeoutMs: number;
  startupWorkers: number[];
  startupInitMs: number;
}

/** Guards against fork bombs from a typo: more workers than this is never what a benchmark wants. */
export const MAX_WORKERS = 256;

export const workerPoolOptions: readonly OptionSpec[] = [
  {
    key: 'worker',
    flags: '--worker <kind>',
    description: 'worker process kind: python (worker.py under python3) or node (worker.mjs)',
    kind: 'choice',
    choices: ['python', 'node'],
    default: 'python',
  },
  {
    key: 'python',
    flags: '--python <path>',
    description: 'Python interpreter for --worker python',
    kind: 'string',
    env: 'POOLBENCH_PYTHON',
    default: 'python3',
  },
  {
    key: 'workerInit',
    flags: '--worker-init <time>',
    description:
      'simulated start-up cost of each worker (a sleep before it reports ready, like importing heavy libraries)',
    kind: 'duration',
    default: 0,
  },
  {
    key: 'work',
    flags: '--work <time>',
    description: 'simulated work per request, after the expression is evaluated (see --work-mode)',
    kind: 'duration',
    default: 0,
  },
  {
    key: 'workMode',
    flags: '--work-mode <mode>',
    description: 'how --work is spent: sleep (waiting on I/O) or busy (CPU-bound spin)',
    kind: 'choice',
    choices: ['sleep', 'busy'],
    default: 'sleep',
  },
  {
    key: 'poolSize',
    flags: '--pool-size <n>',
    description:
      'persistent workers in the pooled variant (default: the concurrency, at most max(8, 2 x CPUs))',
    kind: 'int',
  },
  {
    key: 'faultRate',
    flags: '--fault-rate <p>',
    description: 'probability (0..1) that a task makes its worker crash or hang mid-task',
    kind: 'number',
    min: 0,
    default: 0,
  },
  {
    key: 'faultKind',
    flags: '--fault-kind <kind>',
    description:
      'what an injected fault does: crash (worker exits), hang (never answers) or both (half each)',
    kind: 'choice',
    choices: ['crash', 'hang', 'both'],
    default: 'both',
  },
  {
    key: 'taskTimeout',
    flags: '--task-timeout <time>',
    description: 'a worker that has not answered a task by then is killed and the task retried once',
    kind: 'duration',
    default: 5000,
  },
  {
    key: 'startupWorkers',
    flags: '--startup-workers <list>',
    description: 'worker counts for the start-up experiment (sequential vs concurrent start)',
    kind: 'intList',
    default: [1, 2, 4, 8, 16],
  },
  {
    key: 'startupInit',
    flags: '--startup-init <time>',
    description: 'start-up cost per worker in the start-up experiment (default: --worker-init)',
    kind: 'duration',
  },
];

export function readSettings(opts: OptionValues): WorkerPoolSettings {
  const initMs = duration(opts.workerInit, 0);
  return {
    kind: opts.worker === 'node' ? 'node' : 'python',
    python: typeof opts.python === 'string' && opts.python !== '' ? opts.python : 'python3',
    initMs,
    workMs: duration(opts.work, 0),
    workMode: opts.workMode === 'busy' ? 'busy' : 'sleep',
    poolSize: typeof opts.poolSize === 'number' ? opts.poolSize : undefined,
    faultRate: typeof opts.faultRate === 'number' ? opts.faultRate : 0,
    faultKind: opts.faultKind === 'crash' || opts.faultKind === 'hang' ? opts.faultKind : 'both',
    taskTimeoutMs: duration(opts.taskTimeout, 5000),
    startupWorkers: Array.isArray(opts.startupWorkers) ? opts.startupWorkers : [1, 2, 4, 8, 16],
    startupInitMs: duration(opts.startupInit, initMs),
  };
}

/** Problems across options, all at once (the CLI checks each value's type and minimum). */
export function validateSettings(opts: OptionValues): string[] {
  const s = readSettings(opts);
  const problems: string[] = [];
  if (s.faultRate > 1) problems.push(`--fault-rate must be between 0 and 1, got ${s.faultRate}`);
  if (s.poolSize !== undefined && s.poolSize > MAX_WORKERS)
    problems.push(`--pool-size must be at most ${MAX_WORKERS}, got ${s.poolSize}`);
  if (s.startupWorkers.some((n) => n > MAX_WORKERS))
    problems.push(`--startup-workers: every count must be at most ${MAX_WORKERS}`);
  if (s.taskTimeoutMs <= 0) problems.push('--task-timeout must be more than 0');
  return problems;
}

/** One worker per concurrent client, capped: beyond a few per core, more processes only add memory. */
export function defaultPoolSize(concurrency: number, cpus: number): number {
  return Math.max(1, Math.min(concurrency, Math.max(8, 2 * cpus)));
}

/** Durations are ms numbers from the CLI; a string ('2s') is accepted for callers that build options by hand. */
function duration(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const ms = parseDurationMs(value);
  if (ms === undefined)
    throw new ConfigError([`expected a duration such as '500ms' or '2s', got '${value}'`]);
  return ms;
}
