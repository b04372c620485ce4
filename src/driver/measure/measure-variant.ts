// Measures one variant at one concurrency for one trial: set up, warm up (not recorded), run the
// measured window (or each phase), read pool gauges, tear down. Failures become an `errored` run.

import { errorMessage } from '../../errors.js';
import type { RunResult } from '../../model/result.js';
import type { Phase, PoolGauges, VariantRun } from '../../scenario/index.js';
import { redactText } from '../../util/redact.js';
import type { LoadModel, LoadPlan, LoadSpec } from '../load/load-model.js';
import { createLoadModel } from '../load/load-models.js';
import type { OpenedScenario } from '../open-scenario.js';
import { watchGenerator } from './generator-health.js';
import { Recorder } from './recorder.js';
import { buildRunResult, erroredRun, type RunLabel, totalRun } from './run-result.js';

export interface MeasureSettings {
  durationMs?: number;
  ops?: number;
  warmupMs: number;
  load: LoadSpec;
}

export type { RunLabel } from './run-result.js';

export interface DriverObserver {
  runStarted?(label: RunLabel, plan: LoadPlan, progress: () => { done: number; elapsedMs: number }): void;
  runFinished?(label: RunLabel, run: RunResult): void;
}

interface Window {
  phase?: Phase;
  plan: LoadPlan;
}

export async function measureVariant(
  session: OpenedScenario,
  label: Omit<RunLabel, 'phase'>,
  settings: MeasureSettings,
  signal: AbortSignal,
  observer: DriverObserver = {},
): Promise<RunResult[]> {
  const windows: Window[] = session.phases
    ? session.phases.map((phase) => ({
        phase,
        plan: { concurrency: label.concurrency, rate: label.rate, ops: phase.ops, phase: phase.name },
      }))
    : [
        {
          plan: {
            concurrency: label.concurrency,
            rate: label.rate,
            durationMs: settings.durationMs,
            ops: settings.ops,
          },
        },
      ];

  const loadModel = createLoadModel(settings.load);
  let run: VariantRun;
  try {
    run = await session.setup(label.variant, { concurrency: label.concurrency, signal });
  } catch (err) {
    const reason = `setup failed: ${redactText(errorMessage(err))}`;
    return windows.map((w) => erroredRun({ ...label, phase: w.phase?.name }, reason));
  }

  const results: RunResult[] = [];
  try {
    // Phased workloads own their data (create before read), so the driver adds no warm-up ops there.
    if (!session.phases && settings.warmupMs > 0 && !signal.aborted) {
      await loadModel(
        { op: (info) => run.op(info) },
        { concurrency: label.concurrency, rate: label.rate, durationMs: settings.warmupMs },
        new Recorder(),
        signal,
      );
    }
    const total = new Recorder();
    for (const window of windows) {
      if (signal.aborted) break;
      const fullLabel: RunLabel = { ...label, phase: window.phase?.name };
      const recorder = new Recorder();
      const result = await measureWindow(run, window.plan, fullLabel, recorder, loadModel, signal, observer);
      results.push(result);
      total.add(recorder);
      observer.runFinished?.(fullLabel, result);
    }
    if (session.phases && results.length === windows.length) results.push(totalRun(label, results, total));
  } finally {
    try {
      await run.teardown?.();
    } catch (err) {
      const warning = `teardown failed: ${redactText(errorMessage(err))}`;
      for (const r of results) r.warnings = [...(r.warnings ?? []), warning];
    }
  }
  return results;
}

async function measureWindow(
  run: VariantRun,
  plan: LoadPlan,
  label: RunLabel,
  recorder: Recorder,
  loadModel: LoadModel,
  signal: AbortSignal,
  observer: DriverObserver,
): Promise<RunResult> {
  const createdBefore = run.gauges?.().created;
  observer.runStarted?.(label, plan, () => ({
    done: recorder.ops + recorder.errors,
    elapsedMs: Number(process.hrtime.bigint() - recorder.startNs) / 1e6,
  }));
  const health = watchGenerator();
  const outcome = await loadModel(
    { op: (info) => run.op(info), midpoint: run.midpoint ? () => run.midpoint!() : undefined },
    plan,
    recorder,
    signal,
  );
  const generator = health.stop();
  const gauges = run.gauges?.();
  return buildRunResult(label, recorder, {
    ...outcome,
    generator,
    ...(gauges && createdBefore !== undefined
      ? { opened: gauges.created - createdBefore, gauges: definedGauges(gauges) }
      : {}),
    ...(run.unit ? { unit: run.unit } : {}),
    ...(run.details ? { details: run.details() } : {}),
    ...(run.warnings ? { warnings: run.warnings() } : {}),
  });
}

/** The pool gauges without the creation counter (which becomes `opened`), undefined ones left out. */
export function definedGauges(g: PoolGauges): { total?: number; idle?: number; waiting?: number } {
  return Object.fromEntries(
    Object.entries({ total: g.total, idle: g.idle, waiting: g.waiting }).filter(([, v]) => v !== undefined),
  );
}
