// Builds RunResults from what a measured window produced; shared by the single-thread and threaded paths.

import type { GeneratorHealth, LoadInfo, RunResult } from '../../model/result.js';
import { redactText } from '../../util/redact.js';
import { describeSaturation, judgeGenerator } from './generator-health.js';
import { encodeHistogram, summarize } from './histogram.js';
import type { Recorder } from './recorder.js';

export interface RunLabel {
  scenario: string;
  variant: string;
  concurrency: number;
  rate?: number;
  trial: number;
  phase?: string;
}

export interface WindowFacts {
  durationS: number;
  load: LoadInfo;
  midpointError?: string;
  generator?: GeneratorHealth;
  /** Connections opened in the window, and the pool's gauges at its end (absent = no pool metrics). */
  opened?: number;
  gauges?: { total?: number; idle?: number; waiting?: number };
  unit?: { name: string; perOp: number };
  details?: Record<string, string | number | boolean>;
  /** The variant's own warnings (VariantRun.warnings). */
  warnings?: string[];
  /** Per worker thread, when the load was split: shows imbalance. */
  perThread?: { ops: number; throughput: number }[];
}

const labelFields = (label: RunLabel) => ({
  variant: label.variant,
  concurrency: label.concurrency,
  ...(label.rate !== undefined ? { rate: label.rate } : {}),
  trial: label.trial,
  ...(label.phase ? { phase: label.phase } : {}),
});

/** Adds the CPU per op (µs) to the generator's health: process CPU over the window / ops attempted. */
function withCpuPerOp(health: GeneratorHealth, durationS: number, recorder: Recorder): GeneratorHealth {
  const attempts = recorder.ops + recorder.errors;
  if (attempts === 0) return health;
  const cpuUs = (health.cpuPercent / 100) * durationS * 1e6;
  return { ...health, cpuPerOpUs: cpuUs / attempts };
}

export function buildRunResult(label: RunLabel, recorder: Recorder, facts: WindowFacts): RunResult {
  const throughput = facts.durationS > 0 ? recorder.ops / facts.durationS : 0;
  const result: RunResult = {
    ...labelFields(label),
    status: 'completed',
    ops: recorder.ops,
    errors: recorder.errors,
    errorKinds: recorder.errorKinds,
    durationS: facts.durationS,
    throughput,
    latencyMs: summarize(recorder.latency),
    load: facts.load,
    ...(facts.generator
      ? { generator: judgeGenerator(withCpuPerOp(facts.generator, facts.durationS, recorder), facts.load) }
      : {}),
  };
  if (recorder.ops > 0) result.histogram = encodeHistogram(recorder.latency);
  const service = recorder.service && summarize(recorder.service);
  if (service) result.serviceTimeMs = service;
  if (recorder.errors > 0) result.errorHints = recorder.errorHints;
  if (facts.unit) result.unit = { ...facts.unit, throughput: throughput * facts.unit.perOp };
  const breakdown = recorder.stepSummaries();
  if (breakdown) result.breakdownMs = breakdown;
  if (facts.opened !== undefined) {
    const attempts = recorder.ops + recorder.errors;
    result.pool = {
      opened: facts.opened,
      reuseRate: attempts > 0 ? Math.max(0, 1 - facts.opened / attempts) : 0,
      ...facts.gauges,
    };
  }
  const recovery = recorder.recovery();
  if (recovery) result.recovery = recovery;
  if (facts.details && Object.keys(facts.details).length > 0) result.details = facts.details;
  if (facts.perThread) result.perThread = facts.perThread;
  const warnings: string[] = [...(facts.warnings ?? [])];
  if (facts.midpointError) warnings.push(`fault injection failed: ${redactText(facts.midpointError)}`);
  if (result.generator?.saturated)
    warnings.push(`${describeWindow(label)}: ${describeSaturation(result.generator)}`);
  if (facts.load.model === 'rate' && facts.load.dropped > 0) {
    const { dropped, maxInFlight, targetRate } = facts.load;
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
export function totalRun(label: RunLabel, phases: readonly RunResult[], total: Recorder): RunResult {
  const durationS = phases.reduce((sum, r) => sum + r.durationS, 0);
  const errored = phases.find((r) => r.status === 'errored');
  const result: RunResult = {
    ...labelFields({ ...label, phase: 'total' }),
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
  if (total.errors > 0) result.errorHints = total.errorHints;
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

export function erroredRun(label: RunLabel, error: string): RunResult {
  return {
    ...labelFields(label),
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

export function describeWindow(label: RunLabel): string {
  const load = label.rate !== undefined ? `rate=${label.rate}/s` : `c=${label.concurrency}`;
  return `${label.variant}${label.phase ? ` ${label.phase}` : ''} ${load} trial ${label.trial}`;
}
