// `poolbench run <scenario...>`: measure, save result.json after every scenario, render the reports.

import { rmSync } from 'node:fs';
import { handCheck } from '../../calibrate/hand-check.js';
import type { ScenarioCalibration } from '../../calibrate/spec.js';
import { environment } from '../../driver/environment.js';
import { concurrencyLevels, runScenario } from '../../driver/run-scenario.js';
import { ConfigError, errorMessage, TargetError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { checkComparable, machineClassLabel } from '../../gate/comparable.js';
import { type BenchmarkResult, SCHEMA_VERSION } from '../../model/result.js';
import { renderConsoleSummary } from '../../report/formats/console.js';
import type { Scenario } from '../../scenario/index.js';
import { sweepLeftovers } from '../../util/leftovers.js';
import { captureWarnings, describeWarning } from '../../util/library-warnings.js';
import { packageVersion } from '../../util/package-root.js';
import { redactText } from '../../util/redact.js';
import { describeUnsaved, fallbackPath, prepareOutDir, saveExports } from '../out-dir.js';
import { defaultOutDir } from '../output.js';
import { createObserver } from '../progress.js';
import { DEFAULTS, driverSettings, parseRunConfig, type RunConfig, type RunFlags } from '../run-config.js';

import { onInterrupt } from '../signals.js';
import { gate, parseGateOptions } from './compare.js';
import { loadResult } from './report.js';

export async function runCommand(
  ids: string[],
  flags: RunFlags,
  registry: readonly Scenario[],
  calibrations: readonly ScenarioCalibration[] = [],
): Promise<ExitCode> {
  const config = parseRunConfig(ids, flags, registry, process.env);
  if (flags.calibrate && !config.plans.some((p) => calibrations.some((c) => c.scenario === p.scenario.id))) {
    throw new ConfigError([
      `--calibrate: none of ${ids.join(', ')} has a calibration; scenarios with one: ${calibrations.map((c) => c.scenario).join(', ')}`,
    ]);
  }
  // Check the gate's inputs before measuring, so a typo does not cost a whole run.
  const gateFlags = {
    threshold: flags.threshold,
    absolute: flags.absolute,
    failOn: flags.failOn,
    out: flags.verdictOut,
    allowOtherTarget: flags.allowOtherTarget,
    allowOtherMachine: flags.allowOtherMachine,
  };
  const gateOptions = flags.baseline ? parseGateOptions(gateFlags) : undefined;
  const baseline = flags.baseline ? loadResult(flags.baseline) : undefined;
  if (flags.dryRun) {
    process.stdout.write(`${describePlan(config)}\n`);
    return EXIT.ok;
  }

  const started = new Date();
  const outDir = config.out ?? defaultOutDir(started, ids);
  // A folder that cannot take files is found now, not after an hour of measuring.
  const removeEmptyOutDir = prepareOutDir(
    outDir,
    config.out ? '--out' : 'output folder (choose another with --out)',
  );
  const fallbackFile = fallbackPath(started);
  let unsaved = false;

  // What an earlier killed run left (its servers and their folders) would share the machine with this one.
  for (const line of await sweepLeftovers()) process.stderr.write(`poolbench: ${line}\n`);

  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write(
      '\nstopping: finishing the current op, cleaning up, saving what finished (Ctrl-C again to force)\n',
    );
    controller.abort();
  });
  const observer = createObserver({ quiet: config.quiet, trials: config.trials });
  const result: BenchmarkResult = {
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
  // A baseline from another machine class is refused before measuring; targets are known only after.
  if (baseline) checkComparable(baseline, { ...result, scenarios: [] }, gateFlags);

  let failed = false;
  // A scenario that finds a usage problem only when it opens (a statement refused as a write): exit 2.
  let misused = false;
  try {
    for (const plan of config.plans) {
      if (controller.signal.aborted) break;
      // A library's repeated warning becomes one line with its count, not thousands on the terminal.
      const caught = captureWarnings();
      const warned = () => caught.stop().map((w) => redactText(describeWarning(w)));
      try {
        const scenarioResult = await runScenario(
          plan.scenario,
          plan.options,
          plan.recordedOptions,
          driverSettings(config, plan),
          controller.signal,
          observer,
        );
        observer.stop();
        scenarioResult.warnings.unshift(...warned());
        result.scenarios.push(scenarioResult);
        const calibration = flags.calibrate && calibrations.find((c) => c.scenario === plan.scenario.id);
        if (calibration && !controller.signal.aborted) {
          const rows = await handCheck(
            plan.scenario,
            calibration,
            plan.options,
            scenarioResult,
            { durationMs: plan.window.durationMs ?? DEFAULTS.durationMs, warmupMs: config.warmupMs },
            controller.signal,
          );
          result.calibration ??= {
            rounds: 1,
            durationS: (plan.window.durationMs ?? DEFAULTS.durationMs) / 1000,
            warmupS: config.warmupMs / 1000,
            rows: [],
          };
          result.calibration.rows.push(...rows);
        }
        if (scenarioResult.runs.some((r) => r.status === 'errored')) failed = true;
      } catch (err) {
        observer.stop();
        failed = true;
        if (controller.signal.aborted) break;
        for (const line of warned()) process.stderr.write(`poolbench: ${plan.scenario.id}: ${line}\n`);
        if (err instanceof ConfigError) {
          misused = true;
          for (const p of err.problems) process.stderr.write(`poolbench: ${redactText(p)}\n`);
        } else {
          const prefix = err instanceof TargetError ? '' : 'unexpected error: ';
          process.stderr.write(`poolbench: ${plan.scenario.id}: ${prefix}${redactText(errorMessage(err))}\n`);
          if (!(err instanceof TargetError) && process.env.POOLBENCH_DEBUG) console.error(err);
        }
      } finally {
        caught.stop();
      }
      result.finishedAt = new Date().toISOString();
      if (controller.signal.aborted) result.interrupted = true;
      // Saved after every scenario, so a later failure loses nothing; a failed save is retried at the end.
      if (result.scenarios.length > 0) {
        unsaved = !saveExports(outDir, result, ['json'], fallbackFile).ok || unsaved;
      }
    }
  } finally {
    stopListening();
    observer.stop();
  }

  if (result.scenarios.length === 0) {
    removeEmptyOutDir();
    if (controller.signal.aborted) return EXIT.interrupted;
    return misused ? EXIT.usage : EXIT.runFailed;
  }
  result.finishedAt = new Date().toISOString();
  const saved = saveExports(outDir, result, ['json', ...config.formats], fallbackFile);
  if (!config.quiet) process.stdout.write(`${renderConsoleSummary(result)}\n`);
  if (saved.files.length > 0) {
    process.stderr.write(`${config.quiet ? '' : '\n'}wrote ${saved.files.join(', ')}\n`);
  }
  // An earlier save went to the temp folder; the folder took the whole result after all.
  if (unsaved && saved.files.some((f) => f.endsWith('result.json'))) rmSync(fallbackFile, { force: true });
  if (!saved.ok) {
    for (const line of describeUnsaved(saved)) process.stderr.write(`poolbench: ${line}\n`);
    return EXIT.runFailed;
  }
  if (controller.signal.aborted) return EXIT.interrupted;
  if (misused) return EXIT.usage;
  if (failed) return EXIT.runFailed;
  if (baseline && gateOptions) return gate(baseline, result, gateOptions, gateFlags);
  return EXIT.ok;
}

/** What `run --dry-run` prints: the validated plan, nothing measured. */
function describePlan(config: RunConfig): string {
  const { load } = config;
  const loadLine =
    load.kind === 'fixed-rate' ? `rate ${load.rates.join(',')} ops/s (${load.arrival})` : 'closed loop';
  // Under a fixed rate the schedule decides how many ops run at once: -c is the clients set up.
  const levelsNote =
    load.kind === 'fixed-rate'
      ? ` (clients each variant sets up; ops in flight follow the rate, at most ${load.maxInFlight})`
      : '';
  const lines = [
    `load: ${loadLine}, warm-up ${config.warmupMs / 1000}s, ${config.trials} trials, ${config.threads} thread(s)`,
  ];
  if (config.shard) lines.push(`shard ${config.shard.index}/${config.shard.count}`);
  if (config.startAtMs !== undefined) lines.push(`start at ${new Date(config.startAtMs).toISOString()}`);
  for (const plan of config.plans) {
    const variants = plan.variants ?? plan.scenario.variantNames;
    const levels = concurrencyLevels(plan.scenario, load);

    const { ops, durationMs } = plan.window;
    const window = ops !== undefined ? `${ops} ops` : `${(durationMs ?? 0) / 1000}s`;
    lines.push(
      `${plan.scenario.id}: ${window} per run; variants ${variants.join(', ')}; c=${levels.join(',')}${levelsNote}; options ${JSON.stringify(plan.recordedOptions)}`,
    );
  }
  return lines.join('\n');
}
