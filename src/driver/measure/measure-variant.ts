// Measures one variant at one concurrency for one trial on this thread: the window runner does the
// measuring; this turns each window into a RunResult (and the phases into their total). Failures become
// an `errored` run.

import type { RunResult } from '../../model/result.js';
import { type Instruments, realInstruments } from '../clock.js';
import type { LoadPlan, LoadSpec } from '../load/load-model.js';
import type { OpenedScenario } from '../open-scenario.js';
import { Recorder } from './recorder.js';
import { buildRunResult, erroredRun, type RunLabel, totalRun } from './run-result.js';
import { runWindows, type WindowPlan } from './window-runner.js';

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

/** The measured windows of one run: each phase, or one window of -d / -n. */
export function windowPlans(
  session: Pick<OpenedScenario, 'phases'>,
  settings: Pick<MeasureSettings, 'durationMs' | 'ops'>,
): WindowPlan[] {
  return session.phases
    ? session.phases.map((phase) => ({ phase: phase.name, ops: phase.ops }))
    : [
        {
          ...(settings.durationMs !== undefined ? { durationMs: settings.durationMs } : {}),
          ...(settings.ops !== undefined ? { ops: settings.ops } : {}),
        },
      ];
}

export async function measureVariant(
  session: OpenedScenario,
  label: Omit<RunLabel, 'phase'>,
  settings: MeasureSettings,
  signal: AbortSignal,
  observer: DriverObserver = {},
  instruments: Instruments = realInstruments,
): Promise<RunResult[]> {
  const windows = windowPlans(session, settings);
  const labelOf = (index: number): RunLabel => ({ ...label, phase: windows[index]?.phase });
  const results: RunResult[] = [];
  const total = new Recorder();
  const outcome = await runWindows(
    session,
    {
      variant: label.variant,
      concurrency: label.concurrency,
      warmupMs: settings.warmupMs,
      windows,
      load: settings.load,
    },
    {
      windowStarted(index, plan, recorder) {
        observer.runStarted?.(labelOf(index), plan, () => ({
          done: recorder.ops + recorder.errors,
          elapsedMs: Number(instruments.clock.now() - recorder.startNs) / 1e6,
        }));
      },
      windowFinished(index, { recorder, facts }) {
        const result = buildRunResult(labelOf(index), recorder, facts);
        results.push(result);
        total.add(recorder);
        observer.runFinished?.(labelOf(index), result);
      },
    },
    signal,
    instruments,
  );
  if (outcome.setupError !== undefined)
    return windows.map((_w, i) => erroredRun(labelOf(i), `setup failed: ${outcome.setupError}`));
  if (session.phases && results.length === windows.length) results.push(totalRun(label, results, total));
  if (outcome.teardownError !== undefined) {
    const warning = `teardown failed: ${outcome.teardownError}`;
    for (const r of results) r.warnings = [...(r.warnings ?? []), warning];
  }
  return results;
}
