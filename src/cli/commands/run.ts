// `poolbench run <scenario...>`: measure, save result.json after every scenario, render the reports.

import { rmSync } from 'node:fs';
import { environment } from '../../driver/environment.js';
import type { LoadSpec } from '../../driver/load/load-model.js';
import { concurrencyLevels, runScenario } from '../../driver/run-scenario.js';
import { errorMessage, TargetError } from '../../errors.js';
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
import { parseRunConfig, type RunConfig, type RunFlags } from '../run-config.js';

import { onInterrupt } from '../signals.js';
import { gate, parseGateOptions } from './compare.js';
import { loadResult } from './report.js';

export async function runCommand(
  ids: string[],
  flags: RunFlags,
  registry: readonly Scenario[],
): Promise<ExitCode> {
  const config = parseRunConfig(ids, flags, registry, process.env);
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
      concurrency: config.concurrency ?? [],
      ...(config.threads > 1 ? { threads: config.threads } : {}),
      ...(config.sweep.length > 0
        ? { sweep: Object.fromEntries(config.sweep.map((s) => [s.key, s.values])) }
        : {}),

      ...(config.rates
        ? { rates: config.rates, arrival: config.arrival, maxInFlight: config.maxInFlight }
        : {}),
      ...(config.durationMs !== undefined ? { durationS: config.durationMs / 1000 } : {}),
      ...(config.ops !== undefined ? { ops: config.ops } : {}),
      warmupS: config.warmupMs / 1000,
      trials: config.trials,
    },
    ...(config.shard ? { shard: config.shard } : {}),
    ...(config.startAtMs !== undefined ? { startAt: new Date(config.startAtMs).toISOString() } : {}),
    environment: {
      ...environment(config.rates ? `rate (${config.arrival})` : 'closed'),
      ...machineClassLabel(process.env),
    },
    scenarios: [],
  };
  // A baseline from another machine class is refused before measuring; targets are known only after.
  if (baseline) checkComparable(baseline, { ...result, scenarios: [] }, gateFlags);

  const load: LoadSpec = config.rates
    ? { model: 'rate', arrival: config.arrival, maxInFlight: config.maxInFlight }
    : { model: 'closed' };
  let failed = false;
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
          {
            concurrency: config.concurrency,
            rates: config.rates,
            threads: config.threads,
            sweep: config.sweep,
            ...(config.shard ? { shard: config.shard } : {}),
            ...(config.startAtMs !== undefined ? { startAtMs: config.startAtMs } : {}),
            variants: plan.variants,
            ...plan.window,
            warmupMs: config.warmupMs,
            trials: config.trials,
            microTimeMs: config.microTimeMs,
            experiments: config.experiments,
            load,
          },
          controller.signal,
          observer,
        );
        observer.stop();
        scenarioResult.warnings.unshift(...warned());
        result.scenarios.push(scenarioResult);
        if (scenarioResult.runs.some((r) => r.status === 'errored')) failed = true;
      } catch (err) {
        observer.stop();
        failed = true;
        if (controller.signal.aborted) break;
        for (const line of warned()) process.stderr.write(`poolbench: ${plan.scenario.id}: ${line}\n`);
        const prefix = err instanceof TargetError ? '' : 'unexpected error: ';
        process.stderr.write(`poolbench: ${plan.scenario.id}: ${prefix}${redactText(errorMessage(err))}\n`);
        if (!(err instanceof TargetError) && process.env.POOLBENCH_DEBUG) console.error(err);
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
    return controller.signal.aborted ? EXIT.interrupted : EXIT.runFailed;
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
  if (failed) return EXIT.runFailed;
  if (baseline && gateOptions) return gate(baseline, result, gateOptions, gateFlags);
  return EXIT.ok;
}

/** What `run --dry-run` prints: the validated plan, nothing measured. */
function describePlan(config: RunConfig): string {
  const load = config.rates ? `rate ${config.rates.join(',')} ops/s (${config.arrival})` : 'closed loop';
  const lines = [
    `load: ${load}, warm-up ${config.warmupMs / 1000}s, ${config.trials} trials, ${config.threads} thread(s)`,
  ];
  if (config.shard) lines.push(`shard ${config.shard.index}/${config.shard.count}`);
  if (config.startAtMs !== undefined) lines.push(`start at ${new Date(config.startAtMs).toISOString()}`);
  for (const plan of config.plans) {
    const variants = plan.variants ?? plan.scenario.variantNames;
    const levels = concurrencyLevels(plan.scenario, config);

    const { ops, durationMs } = plan.window;
    const window = ops !== undefined ? `${ops} ops` : `${(durationMs ?? 0) / 1000}s`;
    lines.push(
      `${plan.scenario.id}: ${window} per run; variants ${variants.join(', ')}; c=${levels.join(',')}; options ${JSON.stringify(plan.recordedOptions)}`,
    );
  }
  return lines.join('\n');
}
