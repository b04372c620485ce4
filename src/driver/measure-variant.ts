// Measures one variant at one concurrency for one trial: set up, warm up (not recorded), run the
// measured window (or each phase), read pool gauges, tear down. Failures become an `errored` run.

import { errorMessage } from '../errors.js';
import type { RunResult } from '../model/result.js';
import { redactText } from '../util/redact.js';
import { describeSaturation, watchGenerator } from './generator-health.js';
import { encodeHistogram, summarize } from './histogram.js';

import type { LoadModel, LoadPlan, LoadSpec } from './load-model.js';
import { createLoadModel } from './load-models.js';
import { Recorder } from './recorder.js';
import type { Phase, ScenarioSession, VariantRun } from './scenario.js';

export interface MeasureSettings {
  durationMs?: number;
  ops?: number;
  warmupMs: number;
  load: LoadSpec;
}

export interface RunLabel {
  scenario: string;
  variant: string;
  concurrency: number;
  rate?: number;
  trial: number;
  phase?: string;
}

export interface DriverObserver {
  runStarted?(label: RunLabel, plan: LoadPlan, progress: () => { done: number; elapsedMs: number }): void;
  runFinished?(label: RunLabel, run: RunResult): void;
}

interface Window {
  phase?: Phase;
  plan: LoadPlan;
}

export async function measureVariant(
  session: ScenarioSession,
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
    return windows.map((w) => erroredRun(label, w.phase?.name, reason));
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
      await run.teardown();
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
  const throughput = outcome.durationS > 0 ? recorder.ops / outcome.durationS : 0;
  const result: RunResult = {
    variant: label.variant,
    concurrency: label.concurrency,
    ...(label.rate !== undefined ? { rate: label.rate } : {}),
    trial: label.trial,
    ...(label.phase ? { phase: label.phase } : {}),
    status: 'completed',
    ops: recorder.ops,
    errors: recorder.errors,
    errorKinds: recorder.errorKinds,
    durationS: outcome.durationS,
    throughput,
    latencyMs: summarize(recorder.latency),
    load: outcome.load,
    generator,
  };
  if (recorder.ops > 0) result.histogram = encodeHistogram(recorder.latency);
  const service = recorder.service && summarize(recorder.service);
  if (service) result.serviceTimeMs = service;
  if (recorder.errors > 0) result.errorHints = recorder.errorHints;
  if (run.unit) result.unit = { ...run.unit, throughput: throughput * run.unit.perOp };
  const breakdown = recorder.stepSummaries();
  if (breakdown) result.breakdownMs = breakdown;
  if (gauges && createdBefore !== undefined) {
    const opened = gauges.created - createdBefore;
    const attempts = recorder.ops + recorder.errors;
    result.pool = {
      opened,
      reuseRate: attempts > 0 ? Math.max(0, 1 - opened / attempts) : 0,
      ...(gauges.total !== undefined ? { total: gauges.total } : {}),
      ...(gauges.idle !== undefined ? { idle: gauges.idle } : {}),
      ...(gauges.waiting !== undefined ? { waiting: gauges.waiting } : {}),
    };
  }
  const recovery = recorder.recovery();
  if (recovery) result.recovery = recovery;
  const details = run.details?.();
  if (details && Object.keys(details).length > 0) result.details = details;
  const warnings: string[] = [];
  if (outcome.midpointError) warnings.push(`fault injection failed: ${redactText(outcome.midpointError)}`);
  if (generator.saturated) warnings.push(`${describeWindow(label)}: ${describeSaturation(generator)}`);
  if (outcome.load.model === 'rate' && outcome.load.dropped > 0) {
    const { dropped, maxInFlight, targetRate } = outcome.load;
    warnings.push(
      `${describeWindow(label)}: ${dropped} ops dropped at the in-flight limit (${maxInFlight}): the target did not sustain ${targetRate} ops/s`,
    );
  }
  if (warnings.length > 0) result.warnings = warnings;
  if (recorder.ops === 0 && recorder.errors > 0) {
    result.status = 'errored';
    const [kind] = Object.keys(recorder.errorKinds);
    result.error = `every op failed: ${kind ? recorder.errorHints[kind] : 'unknown error'}`;
  }
  return result;
}

/** The phases of one trial taken together: counts summed, histograms merged (never percentiles averaged). */
function totalRun(label: Omit<RunLabel, 'phase'>, phases: readonly RunResult[], total: Recorder): RunResult {
  const durationS = phases.reduce((sum, r) => sum + r.durationS, 0);
  const errored = phases.find((r) => r.status === 'errored');
  const result: RunResult = {
    variant: label.variant,
    concurrency: label.concurrency,
    ...(label.rate !== undefined ? { rate: label.rate } : {}),
    trial: label.trial,
    phase: 'total',
    status: errored ? 'errored' : 'completed',
    ...(errored ? { error: `phase ${errored.phase} errored: ${errored.error}` } : {}),
    ops: total.ops,
    errors: total.errors,
    errorKinds: total.errorKinds,
    durationS,
    throughput: durationS > 0 ? total.ops / durationS : 0,
    latencyMs: summarize(total.latency),
    ...(total.ops > 0 ? { histogram: encodeHistogram(total.latency) } : {}),
  };

  const breakdown = total.stepSummaries();
  if (breakdown) result.breakdownMs = breakdown;
  const pools = phases.flatMap((r) => (r.pool ? [r.pool] : []));
  if (pools.length === phases.length) {
    const opened = pools.reduce((sum, p) => sum + p.opened, 0);
    const attempts = total.ops + total.errors;
    result.pool = { opened, reuseRate: attempts > 0 ? Math.max(0, 1 - opened / attempts) : 0 };
  }
  return result;
}

function describeWindow(label: RunLabel): string {
  const load = label.rate !== undefined ? `rate=${label.rate}/s` : `c=${label.concurrency}`;
  return `${label.variant}${label.phase ? ` ${label.phase}` : ''} ${load} trial ${label.trial}`;
}

function erroredRun(label: Omit<RunLabel, 'phase'>, phase: string | undefined, error: string): RunResult {
  return {
    variant: label.variant,
    concurrency: label.concurrency,
    ...(label.rate !== undefined ? { rate: label.rate } : {}),
    trial: label.trial,
    ...(phase ? { phase } : {}),
    status: 'errored',
    error,
    ops: 0,
    errors: 0,
    errorKinds: {},
    durationS: 0,
    throughput: 0,
    latencyMs: null,
  };
}
