// The one place a variant is measured, on the main thread and in every worker thread alike: set it up,
// warm up (not recorded), run each measured window (reading the pool gauges around it), tear down.
// What a window produced is handed to the caller as plain facts; the caller decides where it goes
// (a RunResult here, a message to the driver in a thread).

import { errorMessage } from '../../errors.js';
import type { PoolGauges, VariantRun } from '../../scenario/index.js';
import { redactText } from '../../util/redact.js';
import { type Instruments, realInstruments } from '../clock.js';
import type { LoadPlan, LoadSpec, LoadTarget } from '../load/load-model.js';
import { createLoadModel } from '../load/load-models.js';
import type { SetupContext } from '../open-scenario.js';
import { Recorder } from './recorder.js';
import type { WindowFacts } from './run-result.js';

/** One measured window: a phase's op count, or the run's duration or op count. */
export interface WindowPlan {
  phase?: string;
  durationMs?: number;
  ops?: number;
  /** When the load is split: this part's first op index. */
  iterationOffset?: number;
}

export interface VariantSchedule {
  variant: string;
  /** This runner's share of the load (all of it on the main thread); a rate's share is in `load`. */
  concurrency: number;
  workerOffset?: number;
  warmupMs: number;
  windows: readonly WindowPlan[];
  load: LoadSpec;
}

/** What one window produced, before it becomes a RunResult (perThread is the merger's to add). */
export interface MeasuredWindow {
  recorder: Recorder;
  facts: Omit<WindowFacts, 'perThread'>;
}

export interface WindowHooks {
  /** Awaited before each window (a worker thread waits for the driver's go here). */
  beforeWindow?(): Promise<void>;
  windowStarted?(index: number, plan: LoadPlan, recorder: Recorder): void;
  windowFinished(index: number, measured: MeasuredWindow): void;
}

/** Setup failed (nothing was measured), or the windows ran; either message is redacted. */
export type VariantOutcome = { setupError: string } | { setupError?: undefined; teardownError?: string };

export async function runWindows(
  session: { setup(variant: string, ctx: SetupContext): Promise<VariantRun> },
  schedule: VariantSchedule,
  hooks: WindowHooks,
  signal: AbortSignal,
  instruments: Instruments = realInstruments,
): Promise<VariantOutcome> {
  let run: VariantRun;
  try {
    run = await session.setup(schedule.variant, { concurrency: schedule.concurrency, signal });
  } catch (err) {
    return { setupError: redactText(errorMessage(err)) };
  }
  let teardownError: string | undefined;
  try {
    await measureWindows(run, schedule, hooks, signal, instruments);
  } finally {
    // runs after a failure too; a failed teardown does not lose what was measured
    try {
      await run.teardown?.();
    } catch (err) {
      teardownError = redactText(errorMessage(err));
    }
  }
  return teardownError !== undefined ? { teardownError } : {};
}

async function measureWindows(
  run: VariantRun,
  schedule: VariantSchedule,
  hooks: WindowHooks,
  signal: AbortSignal,
  { clock, watchGenerator }: Instruments,
): Promise<void> {
  const loadModel = createLoadModel(schedule.load);
  const target: LoadTarget = {
    op: (info) => run.op(info),
    ...(run.midpoint ? { midpoint: () => run.midpoint!() } : {}),
  };
  const base = {
    concurrency: schedule.concurrency,
    ...(schedule.workerOffset !== undefined ? { workerOffset: schedule.workerOffset } : {}),
  };
  // Phased workloads own their data (create before read), so the driver adds no warm-up ops there.
  const phased = schedule.windows.some((w) => w.phase !== undefined);
  if (!phased && schedule.warmupMs > 0 && !signal.aborted) {
    // without the midpoint hook: faults are injected into measured windows only
    const warmup = { ...base, durationMs: schedule.warmupMs };
    await loadModel({ op: target.op }, warmup, new Recorder(clock), signal, clock);
  }
  for (const [index, window] of schedule.windows.entries()) {
    await hooks.beforeWindow?.();
    if (signal.aborted) break;
    const plan: LoadPlan = { ...base, ...window };
    const createdBefore = run.gauges?.().created;
    const recorder = new Recorder(clock);
    hooks.windowStarted?.(index, plan, recorder);
    const health = watchGenerator();
    const outcome = await loadModel(target, plan, recorder, signal, clock);
    const generator = health.stop();
    const gauges = run.gauges?.();
    hooks.windowFinished(index, {
      recorder,
      facts: {
        ...outcome,
        generator,
        ...(gauges && createdBefore !== undefined
          ? { opened: gauges.created - createdBefore, gauges: definedGauges(gauges) }
          : {}),
        ...(run.unit ? { unit: run.unit } : {}),
        ...(run.details ? { details: run.details() } : {}),
        ...(run.warnings ? { warnings: run.warnings() } : {}),
      },
    });
  }
}

/** The pool gauges without the creation counter (which becomes `opened`), undefined ones left out. */
export function definedGauges(g: PoolGauges): { total?: number; idle?: number; waiting?: number } {
  return Object.fromEntries(
    Object.entries({ total: g.total, idle: g.idle, waiting: g.waiting }).filter(([, v]) => v !== undefined),
  );
}
