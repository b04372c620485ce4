// A validated RunConfig measured into one BenchmarkResult: each scenario in turn, its library warnings
// caught, the result saved after every scenario. Shared by `poolbench run` and the package's run(); it
// prints nothing and exits nowhere: a scenario that fails is handed to `onFailure` and the next one runs.

import { environment } from '../driver/environment.js';
import { runScenario, type ScenarioObserver } from '../driver/run-scenario.js';
import { machineClassLabel } from '../gate/comparable.js';
import { type BenchmarkResult, SCHEMA_VERSION, type ScenarioResult } from '../model/result.js';
import { captureWarnings, describeWarning } from '../util/library-warnings.js';
import { packageVersion } from '../util/package-root.js';
import { redactText } from '../util/redact.js';
import { driverSettings, type RunConfig, type ScenarioPlan } from './run-config.js';

export interface PlanHooks {
  observer?: ScenarioObserver & { stop?(): void };
  /** After each scenario (finished or failed), with the result so far: the CLI saves result.json here. */
  saved?(result: BenchmarkResult): void;
  /** After a scenario was measured, before it is saved: `run --calibrate` adds its hand-loop check here. */
  measured?(plan: ScenarioPlan, scenario: ScenarioResult, result: BenchmarkResult): Promise<void>;
  /** A scenario that could not be measured, with the library warnings caught meanwhile. */
  onFailure?(scenario: string, err: unknown, warnings: readonly string[]): void;
}

/** The result's head before anything is measured (a baseline's machine class is checked against it). */
export function startResult(config: RunConfig, started: Date): BenchmarkResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'poolbench', version: packageVersion() },
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    settings: {
      concurrency: [...(config.load.concurrency ?? [])],
      ...(config.threads > 1 ? { threads: config.threads } : {}),
      ...(config.sweep.length > 0
        ? { sweep: Object.fromEntries(config.sweep.map((s) => [s.key, s.values])) }
        : {}),

      ...(config.load.kind === 'fixed-rate'
        ? {
            rates: [...config.load.rates],
            arrival: config.load.arrival,
            maxInFlight: config.load.maxInFlight,
          }
        : {}),
      ...(config.durationMs !== undefined ? { durationS: config.durationMs / 1000 } : {}),
      ...(config.ops !== undefined ? { ops: config.ops } : {}),
      warmupS: config.warmupMs / 1000,
      trials: config.trials,
    },
    ...(config.shard ? { shard: config.shard } : {}),
    ...(config.startAtMs !== undefined ? { startAt: new Date(config.startAtMs).toISOString() } : {}),
    environment: {
      ...environment(config.load.kind === 'fixed-rate' ? `rate (${config.load.arrival})` : 'closed'),
      ...machineClassLabel(process.env),
    },
    scenarios: [],
  };
}

/** Measures every plan into `result`; true when a scenario failed or a variant errored. */
export async function measurePlans(
  config: RunConfig,
  result: BenchmarkResult,
  signal: AbortSignal,
  hooks: PlanHooks = {},
): Promise<{ failed: boolean }> {
  const observer = hooks.observer ?? {};
  let failed = false;
  for (const plan of config.plans) {
    if (signal.aborted) break;
    // A library's repeated warning becomes one line with its count, not thousands on the terminal.
    const caught = captureWarnings();
    const warned = () => caught.stop().map((w) => redactText(describeWarning(w)));
    try {
      const scenarioResult = await runScenario(
        plan.scenario,
        plan.options,
        plan.recordedOptions,
        driverSettings(config, plan),
        signal,
        observer,
      );
      observer.stop?.();
      scenarioResult.warnings.unshift(...warned());
      result.scenarios.push(scenarioResult);
      if (!signal.aborted) await hooks.measured?.(plan, scenarioResult, result);
      if (scenarioResult.runs.some((r) => r.status === 'errored')) failed = true;
    } catch (err) {
      observer.stop?.();
      failed = true;
      if (signal.aborted) break;
      hooks.onFailure?.(plan.scenario.id, err, warned());
    } finally {
      caught.stop();
    }
    result.finishedAt = new Date().toISOString();
    if (signal.aborted) result.interrupted = true;
    hooks.saved?.(result);
  }
  return { failed };
}
