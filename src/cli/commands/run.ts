// `poolbench run <scenario...>`: measure, save result.json after every scenario, render the reports.

import { concurrencyLevels } from '../../driver/run-scenario.js';
import { errorMessage, isTargetError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { checkComparable } from '../../gate/comparable.js';
import { renderConsoleSummary } from '../../report/formats/console.js';
import type { Scenario } from '../../scenario/index.js';
import { sweepLeftovers } from '../../util/leftovers.js';
import { redactText } from '../../util/redact.js';
import { measurePlans, startResult } from '../measure-plans.js';
import { defaultOutDir, writeExports } from '../output.js';
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

  // What an earlier killed run left (its servers and their folders) would share the machine with this one.
  for (const line of await sweepLeftovers()) process.stderr.write(`poolbench: ${line}\n`);

  const started = new Date();
  const outDir = config.out ?? defaultOutDir(started, ids);
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write(
      '\nstopping: finishing the current op, cleaning up, saving what finished (Ctrl-C again to force)\n',
    );
    controller.abort();
  });
  const observer = createObserver({ quiet: config.quiet, trials: config.trials });
  const result = startResult(config, started);
  // A baseline from another machine class is refused before measuring; targets are known only after.
  if (baseline) checkComparable(baseline, { ...result, scenarios: [] }, gateFlags);

  let failed = false;
  try {
    ({ failed } = await measurePlans(config, result, controller.signal, {
      observer,
      saved: (partial) => {
        if (partial.scenarios.length > 0) writeExports(outDir, partial, ['json']);
      },
      onFailure: (id, err, warnings) => {
        for (const line of warnings) process.stderr.write(`poolbench: ${id}: ${line}\n`);
        const prefix = isTargetError(err) ? '' : 'unexpected error: ';
        process.stderr.write(`poolbench: ${id}: ${prefix}${redactText(errorMessage(err))}\n`);
        if (!isTargetError(err) && process.env.POOLBENCH_DEBUG) console.error(err);
      },
    }));
  } finally {
    stopListening();
    observer.stop();
  }

  if (result.scenarios.length === 0) return controller.signal.aborted ? EXIT.interrupted : EXIT.runFailed;
  result.finishedAt = new Date().toISOString();
  const files = writeExports(outDir, result, ['json', ...config.formats]);
  if (!config.quiet) process.stdout.write(`${renderConsoleSummary(result)}\n`);
  process.stderr.write(`${config.quiet ? '' : '\n'}wrote ${files.join(', ')}\n`);
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
