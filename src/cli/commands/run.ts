// `poolbench run <scenario...>`: measure, save result.json after every scenario, render the reports.

import { rmSync } from 'node:fs';
import { handCheck } from '../../calibrate/hand-check.js';
import type { ScenarioCalibration } from '../../calibrate/spec.js';
import { concurrencyLevels } from '../../driver/run-scenario.js';
import { ConfigError, errorMessage, isConfigError, isTargetError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { checkComparable } from '../../gate/comparable.js';
import { renderConsoleSummary } from '../../report/formats/console.js';
import type { Scenario } from '../../scenario/index.js';
import { sweepLeftovers } from '../../util/leftovers.js';
import { redactText } from '../../util/redact.js';
import { measurePlans, startResult } from '../measure-plans.js';
import { describeUnsaved, fallbackPath, prepareOutDir, saveExports } from '../out-dir.js';
import { defaultOutDir } from '../output.js';
import { createObserver } from '../progress.js';
import { DEFAULTS, parseRunConfig, type RunConfig, type RunFlags } from '../run-config.js';

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
  const result = startResult(config, started);
  // A baseline from another machine class is refused before anything is measured or created; targets are
  // known only after.
  if (baseline) checkComparable(baseline, { ...result, scenarios: [] }, gateFlags);
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

  let failed = false;
  // A scenario that finds a usage problem only when it opens (a statement refused as a write): exit 2.
  let misused = false;
  try {
    ({ failed } = await measurePlans(config, result, controller.signal, {
      observer,
      // Saved after every scenario, so a later failure loses nothing; a failed save is retried at the end.
      saved: (partial) => {
        if (partial.scenarios.length > 0) {
          unsaved = !saveExports(outDir, partial, ['json'], fallbackFile).ok || unsaved;
        }
      },
      measured: async (plan, scenarioResult, partial) => {
        const calibration = flags.calibrate && calibrations.find((c) => c.scenario === plan.scenario.id);
        if (!calibration) return;
        const durationMs = plan.window.durationMs ?? DEFAULTS.durationMs;
        const rows = await handCheck(
          plan.scenario,
          calibration,
          plan.options,
          scenarioResult,
          { durationMs, warmupMs: config.warmupMs },
          controller.signal,
        );
        partial.calibration ??= {
          rounds: 1,
          durationS: durationMs / 1000,
          warmupS: config.warmupMs / 1000,
          rows: [],
        };
        partial.calibration.rows.push(...rows);
      },
      onFailure: (id, err, warnings) => {
        for (const line of warnings) process.stderr.write(`poolbench: ${id}: ${line}\n`);
        if (isConfigError(err)) {
          misused = true;
          for (const p of err.problems) process.stderr.write(`poolbench: ${redactText(p)}\n`);
          return;
        }
        const prefix = isTargetError(err) ? '' : 'unexpected error: ';
        process.stderr.write(`poolbench: ${id}: ${prefix}${redactText(errorMessage(err))}\n`);
        if (!isTargetError(err) && process.env.POOLBENCH_DEBUG) console.error(err);
      },
    }));
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
