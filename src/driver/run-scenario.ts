// Runs one scenario: open its target, then for each concurrency level run the trials with the variants
// interleaved (A B A B ...) so machine drift hits all alike; then micro-benchmarks, experiments, comparisons.

import { compareRuns } from '../analysis/comparisons.js';
import { ConfigError, errorMessage } from '../errors.js';
import type { RunResult, ScenarioResult, TargetInfo } from '../model/result.js';
import type { OptionBag, Scenario } from '../scenario/index.js';
import { redactText } from '../util/redact.js';
import { type Instruments, realInstruments } from './clock.js';
import type { Load, LoadSpec } from './load/load-model.js';
import { runExperiments } from './measure/experiments.js';
import { type DriverObserver, measureVariant } from './measure/measure-variant.js';
import { runMicrobenchmarks } from './measure/microbench.js';
import { hasVariant, type OpenedScenario, openScenario, unknownVariant } from './open-scenario.js';
import { rateShare, shareOf } from './split/shares.js';
import { type SweepStep, sweepSteps } from './sweep-variants.js';
import { measureVariantThreaded } from './threads/measure-threaded.js';

/** How to measure: what `poolbench run` validates from its flags and the driver runs, one type for both. */
export interface MeasurementSettings {
  /** Closed loop at each concurrency level, or a fixed rate at each rate: one sweep point each. */
  load: Load;
  /** Split each run's load over this many worker threads (default 1: the main thread). */
  threads?: number;
  /** This process runs shard `index` of `count`: it takes that share of every concurrency, rate and op count. */
  shard?: { index: number; count: number };
  /** Wait until this time (epoch ms) before the first measured run, so shards start together. */
  startAtMs?: number;
  /** Scenario options swept as a grid (e.g. poolSize 5,10,50), on top of the concurrency levels. */
  sweep?: readonly { key: string; values: readonly number[] }[];
  warmupMs: number;
  trials: number;
  /** Time per micro-benchmark task; 0 skips them. */
  microTimeMs: number;
  /** Run the scenario's timed experiments (they can take a while). */
  experiments: boolean;
}

/** The settings for one scenario: which variants, and its measured window (-d or -n). */
export interface DriverSettings extends MeasurementSettings {
  variants?: readonly string[];
  durationMs?: number;
  ops?: number;
}

export interface ScenarioObserver extends DriverObserver {
  scenarioOpened?(scenario: string, target: TargetInfo): void;
  stage?(scenario: string, what: string): void;
}

export async function runScenario(
  scenario: Scenario,
  options: OptionBag,
  recordedOptions: Record<string, unknown>,
  settings: DriverSettings,
  signal: AbortSignal,
  observer: ScenarioObserver = {},
  /** Tests pass a virtual clock; worker threads (--workers) always run on the real one. */
  instruments: Instruments = realInstruments,
): Promise<ScenarioResult> {
  const unknown = (settings.variants ?? []).filter((v) => !hasVariant(scenario, v));
  if (unknown.length > 0) throw new ConfigError(unknown.map((v) => unknownVariant(scenario, v)));
  let result: ScenarioResult | undefined;
  let extrasDone = false;
  // An option sweep (--sweep pool-size=5,10,50) opens the scenario once per combination: options feed open().
  // A variant that does not read a swept option runs under the first of its values only.
  const steps = sweepSteps(
    scenario,
    settings.variants ?? scenario.variantNames,
    paramCombinations(settings.sweep ?? []),
  );
  for (const { params, variants } of steps) {
    if (result && signal.aborted) break;
    const session = await openScenario(scenario, { ...options, ...params }, signal, settings.variants);
    try {
      if (!result) {
        result = {
          id: scenario.id,
          description: scenario.description,
          baseline: scenario.baseline,
          options: recordedOptions,
          // phases fix their own op counts (session.phases), so -d/-n do not describe their windows
          window: session.phases
            ? {}
            : {
                ...(settings.durationMs !== undefined ? { durationS: settings.durationMs / 1000 } : {}),
                ...(settings.ops !== undefined ? { ops: settings.ops } : {}),
              },
          target: session.target,
          runs: [],
          comparisons: [],
          warnings: [...session.warnings],
          notes: [...session.notes],
        };
        const skipped = wantedSkips(session.skipped, settings.variants);
        if (Object.keys(skipped).length > 0) {
          result.skipped = skipped;
          result.warnings.push(...skipLines(skipped));
        }
        observer.scenarioOpened?.(scenario.id, session.target);
        if (settings.startAtMs !== undefined)
          result.startSkewMs = await waitUntil(settings.startAtMs, signal);
      }
      await measureAll(
        scenario,
        session,
        settings,
        variants,
        { ...options, ...params },
        result,
        signal,
        observer,
        instruments,
      );
      if (!extrasDone) {
        await measureExtras(session, settings, result, signal, observer);
        extrasDone = true;
      }
    } finally {
      // A failed clean-up must not throw away what was measured: it becomes a warning (with what to do).
      try {
        await session.close();
      } catch (err) {
        result?.warnings.push(`clean-up failed: ${redactText(errorMessage(err))}`);
      }
    }
  }
  return finish(result!);
}

/** Every run of one session: each sweep point (rate x concurrency), trials, variants interleaved. */
async function measureAll(
  scenario: Scenario,
  session: OpenedScenario,
  settings: DriverSettings,
  variants: SweepStep['variants'],
  options: OptionBag,
  result: ScenarioResult,
  signal: AbortSignal,
  observer: ScenarioObserver,
  instruments: Instruments,
): Promise<void> {
  const levels = concurrencyLevels(scenario, settings.load);
  // A variant the session cannot run (PgBouncer not installed) is skipped, said once above.
  const runnable = variants.filter((v) => !(v.name in session.skipped));
  const rates = settings.load.kind === 'fixed-rate' ? settings.load.rates : [undefined];
  const points = rates.flatMap((rate) => levels.map((concurrency) => ({ rate, concurrency })));
  const shard = settings.shard;
  const ops =
    shard && settings.ops !== undefined ? shareOf(settings.ops, shard.count, shard.index) : settings.ops;
  for (const point of points) {
    const { rate, concurrency } = shard ? shardPoint(point, shard) : point;
    for (let trial = 1; trial <= settings.trials; trial++) {
      for (const { name: variant, params } of runnable) {
        if (signal.aborted) return;
        const label = {
          scenario: scenario.id,
          variant,
          concurrency,
          trial,
          ...(rate !== undefined ? { rate } : {}),
        };
        const measure = { ...settings, ops, load: pointLoad(settings.load, rate) };
        const runs =
          (settings.threads ?? 1) > 1
            ? await measureVariantThreaded(
                scenario,
                session,
                label,
                { ...measure, threads: settings.threads!, options },
                signal,
                observer,
              )
            : await measureVariant(session, label, measure, signal, observer, instruments);
        for (const r of runs) {
          if (shard) r.shardOf = { ...shard, concurrency: point.concurrency };
          if (Object.keys(params).length > 0) r.params = params;
        }
        result.runs.push(...runs);
      }
    }
  }
}

/** Micro-benchmarks, experiments and details: once per scenario, not per sweep point. */
async function measureExtras(
  session: OpenedScenario,
  settings: DriverSettings,
  result: ScenarioResult,
  signal: AbortSignal,
  observer: ScenarioObserver,
): Promise<void> {
  const tasks = settings.microTimeMs > 0 ? session.microbenchmarks() : [];
  if (tasks.length > 0 && !signal.aborted) {
    observer.stage?.(result.id, 'micro-benchmarks');
    result.microbenchmarks = await runMicrobenchmarks(tasks, settings.microTimeMs, signal);
  }
  const experiments = settings.experiments ? session.experiments() : [];
  if (experiments.length > 0 && !signal.aborted) {
    observer.stage?.(result.id, 'experiments');
    result.experiments = await runExperiments(experiments, signal);
  }
  if (session.details && !signal.aborted) {
    try {
      result.details = await session.details();
    } catch (err) {
      result.warnings.push(`could not collect details: ${redactText(errorMessage(err))}`);
    }
  }
}

/** The concurrency levels a scenario runs at: -c, else the scenario's default, else 10. */
export function concurrencyLevels(scenario: Scenario, load: Load): readonly number[] {
  return load.concurrency ?? scenario.defaultConcurrency ?? [10];
}

/** The load model of one sweep point: a fixed-rate point always has its rate (this shard's share of it). */
function pointLoad(load: Load, rate: number | undefined): LoadSpec {
  if (load.kind === 'closed' || rate === undefined) return { model: 'closed' };
  return { model: 'rate', rate, arrival: load.arrival, maxInFlight: load.maxInFlight };
}

/** The cartesian product of the swept options: [{}] when nothing is swept. */
export function paramCombinations(
  sweep: readonly { key: string; values: readonly number[] }[],
): Record<string, number>[] {
  return sweep.reduce<Record<string, number>[]>(
    (combos, { key, values }) => combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v }))),
    [{}],
  );
}

/** The skips of variants this run asked for (all of them when none were named). */
function wantedSkips(
  skipped: Readonly<Record<string, string>>,
  variants: readonly string[] | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(skipped).filter(([v]) => variants === undefined || variants.includes(v)),
  );
}

/** One line per reason: "pgbouncer, pooled-pgbouncer skipped: no PgBouncer on PATH ...". */
export function skipLines(skipped: Readonly<Record<string, string>>): string[] {
  const byWhy = new Map<string, string[]>();
  for (const [variant, why] of Object.entries(skipped)) byWhy.set(why, [...(byWhy.get(why) ?? []), variant]);
  return [...byWhy].map(([why, names]) => `${names.join(', ')} skipped: ${why}`);
}

function finish(result: ScenarioResult): ScenarioResult {
  result.comparisons = compareRuns(result.runs, result.baseline);
  for (const run of result.runs) warnAboutRun(result, run);
  return result;
}

function warnAboutRun(result: ScenarioResult, run: RunResult): void {
  for (const w of run.warnings ?? []) if (!result.warnings.includes(w)) result.warnings.push(w);
}

/** This shard's part of a sweep point: its share of the concurrency and of the rate. */
function shardPoint(
  point: { rate: number | undefined; concurrency: number },
  shard: { index: number; count: number },
): { rate: number | undefined; concurrency: number } {
  const concurrency = shareOf(point.concurrency, shard.count, shard.index);
  if (concurrency < 1) {
    throw new ConfigError([
      `--shard: concurrency ${point.concurrency} cannot be split over ${shard.count} shards (each needs at least 1)`,
    ]);
  }
  return { concurrency, rate: point.rate === undefined ? undefined : rateShare(point.rate, shard.count) };
}

/** Sleeps until the agreed start; returns how late we are after it (ms, >= 0). */
async function waitUntil(epochMs: number, signal: AbortSignal): Promise<number> {
  const wait = epochMs - Date.now();
  if (wait > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return Math.max(0, Date.now() - epochMs);
}
