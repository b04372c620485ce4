// The seed's start-up experiment: time from "start pool" until all N workers have answered ready,
// with workers started one after another (V2) or all at once (V3). The driver times each run.

import type { Experiment } from '../../src/scenario/index.js';
import type { WorkerLauncher } from './launcher.js';
import type { WorkerProcess } from './worker-process.js';

export type StartMode = 'sequential' | 'concurrent';

/** Starts n workers and waits until every one is ready; then kills them (a few ms, inside the timing). */
export async function startPool(
  launcher: WorkerLauncher,
  n: number,
  mode: StartMode,
  signal?: AbortSignal,
): Promise<void> {
  const started: WorkerProcess[] = [];
  try {
    if (mode === 'sequential') {
      for (let i = 0; i < n; i++) started.push(await launcher.start(signal));
      return;
    }
    const outcomes = await Promise.allSettled(Array.from({ length: n }, () => launcher.start(signal)));
    for (const o of outcomes) if (o.status === 'fulfilled') started.push(o.value);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    // Interrupted (Ctrl-C): the driver stops after this point and drops the unfinished experiment.
    if (!signal?.aborted) throw err;
  } finally {
    await Promise.all(started.map((w) => w.kill()));
  }
}

/** Above this estimated total, each point is run once instead of three times. */
const LONG_EXPERIMENT_MS = 120_000;
/** A rough interpreter start cost, only for choosing the repeat count. */
const SPAWN_ESTIMATE_MS = 60;

export function startupExperiment(opts: {
  launcher: WorkerLauncher;
  kind: string;
  initMs: number;
  xs: readonly number[];
  signal?: AbortSignal;
}): Experiment {
  const { launcher, kind, initMs, xs, signal } = opts;
  const perWorker = initMs + SPAWN_ESTIMATE_MS;
  const onePass = xs.reduce((sum, n) => sum + n * perWorker + perWorker, 0);
  const repeats = onePass * 3 > LONG_EXPERIMENT_MS ? 1 : 3;
  return {
    id: 'startup',
    title: `Pool start-up: ${kind} workers, ${initMs} ms init each, until all are ready`,
    xLabel: 'workers',
    xs: [...xs],
    series: [
      { name: 'sequential', run: (n) => startPool(launcher, n, 'sequential', signal) },
      { name: 'concurrent', run: (n) => startPool(launcher, n, 'concurrent', signal) },
    ],
    repeats,
    note:
      `Each point: spawn N ${kind} worker processes (a ${initMs} ms sleep before each reports ready, --startup-init), ` +
      'sequential = each started after the previous one is ready, concurrent = all at once; the time ends when ' +
      `the last is ready and includes SIGKILLing them (a few ms). Median of ${repeats} run(s).`,
  };
}
