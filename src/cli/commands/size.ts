// `poolbench size <scenario>`: sweep the pool size of the pooled variant(s) at one load, smallest first,
// then recommend a size: the knee of throughput, the objective (--slo), and the server's limit (--instances).
// Each size is one run of the driver (its trials interleave the variants); result.json keeps every run and
// the `recommendation` block; report.md and the console start with the sentence.

import { rmSync } from 'node:fs';
import { recommendPoolSize } from '../../analysis/pool-size.js';
import { serverLimitOf, sizeTrialsOf } from '../../analysis/pool-size-input.js';
import { runScenario } from '../../driver/run-scenario.js';
import { errorMessage, TargetError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { SizeRecommendation } from '../../model/recommendation.js';
import type { BenchmarkResult, ScenarioResult } from '../../model/result.js';
import { renderConsoleSummary } from '../../report/formats/console.js';
import type { Scenario } from '../../scenario/index.js';
import { sweepLeftovers } from '../../util/leftovers.js';
import { captureWarnings, describeWarning } from '../../util/library-warnings.js';
import { redactText } from '../../util/redact.js';
import { startResult } from '../measure-plans.js';
import { describeUnsaved, fallbackPath, prepareOutDir, saveExports } from '../out-dir.js';
import { defaultOutDir } from '../output.js';
import { createObserver } from '../progress.js';
import { onInterrupt } from '../signals.js';
import { parseSizePlan, type SizeFlags, type SizePlan } from './size-plan.js';

export type { SizeFlags } from './size-plan.js';

export async function sizeCommand(
  id: string,
  flags: SizeFlags,
  registry: readonly Scenario[],
): Promise<ExitCode> {
  const plan = parseSizePlan(id, flags, registry, process.env);
  const { config } = plan;
  const started = new Date();
  const outDir = config.out ?? defaultOutDir(started, [`size-${id}`]);
  const removeEmptyOutDir = prepareOutDir(
    outDir,
    config.out ? '--out' : 'output folder (choose another with --out)',
  );
  const fallbackFile = fallbackPath(started);
  for (const line of await sweepLeftovers()) process.stderr.write(`poolbench: ${line}\n`);

  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write(
      '\nstopping: finishing the current op, cleaning up, saving what finished (Ctrl-C again to force)\n',
    );
    controller.abort();
  });
  const observer = createObserver({ quiet: config.quiet, trials: config.trials });
  const result: BenchmarkResult = startResult({ ...config, load: plan.load }, started);
  result.settings.sweep = { [plan.key]: plan.sizes };
  result.settings.variants = plan.variants;

  let scenario: ScenarioResult | undefined;
  let limit: { connections: number; source: string } | undefined;
  const measured: number[] = [];
  const capped: number[] = [];
  const caught = captureWarnings();
  try {
    for (const size of plan.sizes) {
      if (controller.signal.aborted) break;
      // poolbench's own control connection takes one slot beside the pool.
      if (limit && size + 1 > limit.connections) {
        capped.push(size);
        continue;
      }
      if (!config.quiet) process.stderr.write(`${plan.scenario.id}: ${plan.flag} ${size}\n`);
      const one = await runScenario(
        plan.scenario,
        { ...plan.options, [plan.key]: size },
        { ...plan.recordedOptions, [plan.key]: size },
        {
          variants: plan.variants,
          ...plan.window,
          warmupMs: config.warmupMs,
          trials: config.trials,
          microTimeMs: 0,
          experiments: false,
          load: plan.load,
        },
        controller.signal,
        observer,
      );
      observer.stop();
      for (const r of one.runs) r.params = { ...r.params, [plan.key]: size };
      measured.push(size);
      scenario = scenario ? mergeInto(scenario, one) : one;
      limit ??= serverLimitOf(one.details);
    }
  } catch (err) {
    observer.stop();
    if (!controller.signal.aborted || !scenario) {
      const prefix = err instanceof TargetError ? '' : 'unexpected error: ';
      process.stderr.write(`poolbench: ${plan.scenario.id}: ${prefix}${redactText(errorMessage(err))}\n`);
      if (!(err instanceof TargetError) && process.env.POOLBENCH_DEBUG) console.error(err);
    }
  } finally {
    stopListening();
    observer.stop();
    const warnings = caught.stop().map((w) => redactText(describeWarning(w)));
    scenario?.warnings.unshift(...warnings);
  }

  if (!scenario) {
    removeEmptyOutDir();
    return controller.signal.aborted ? EXIT.interrupted : EXIT.runFailed;
  }
  scenario.options = { ...scenario.options, [plan.key]: measured };
  scenario.recommendation = recommend(plan, scenario, measured, capped, limit);
  if (capped.length > 0) {
    scenario.warnings.push(
      `${plan.flag} ${capped.join(', ')} not measured: more than the ${limit?.connections} connections the server allows (${limit?.source}), poolbench's control connection included`,
    );
  }
  result.scenarios.push(scenario);
  result.finishedAt = new Date().toISOString();
  if (controller.signal.aborted) result.interrupted = true;
  const saved = saveExports(outDir, result, ['json', ...config.formats], fallbackFile);
  if (!config.quiet) process.stdout.write(`${renderConsoleSummary(result)}\n`);
  else for (const v of scenario.recommendation.variants) process.stdout.write(`${v.sentence}\n`);
  if (saved.files.length > 0)
    process.stderr.write(`${config.quiet ? '' : '\n'}wrote ${saved.files.join(', ')}\n`);
  if (saved.files.some((f) => f.endsWith('result.json'))) rmSync(fallbackFile, { force: true });
  if (!saved.ok) {
    for (const line of describeUnsaved(saved)) process.stderr.write(`poolbench: ${line}\n`);
    return EXIT.runFailed;
  }
  if (controller.signal.aborted) return EXIT.interrupted;
  // No figures at all (every size errored) is a failed run; an objective never met is an answer.
  return scenario.recommendation.variants.some((v) => v.peak !== null) ? EXIT.ok : EXIT.runFailed;
}

function recommend(
  plan: SizePlan,
  scenario: ScenarioResult,
  sizes: number[],
  capped: number[],
  limit: { connections: number; source: string } | undefined,
): SizeRecommendation {
  return {
    option: plan.flag,
    sizes,
    ...(capped.length > 0 ? { capped } : {}),
    concurrency: plan.concurrency,
    ...(plan.rate !== undefined ? { rate: plan.rate } : {}),
    ...(plan.objective ? { objective: plan.objective.text } : {}),
    ...(plan.instances !== undefined ? { instances: plan.instances } : {}),
    ...(limit ? { serverLimit: limit } : {}),
    variants: plan.variants.map((variant) =>
      recommendPoolSize({
        variant,
        trials: sizeTrialsOf(scenario.runs, variant, plan.key),
        ...(plan.objective ? { objective: plan.objective } : {}),
        ...(limit ? { serverLimit: limit } : {}),
        ...(plan.instances !== undefined ? { instances: plan.instances } : {}),
        ...(plan.rate !== undefined ? { rate: plan.rate } : { concurrency: plan.concurrency }),
      }),
    ),
  };
}

/** One size's result folded into the sweep's: its runs, and what it warned of that the others did not. */
function mergeInto(into: ScenarioResult, one: ScenarioResult): ScenarioResult {
  into.runs.push(...one.runs);
  into.comparisons.push(...one.comparisons);
  for (const w of one.warnings) if (!into.warnings.includes(w)) into.warnings.push(w);
  if (one.skipped) into.skipped = { ...into.skipped, ...one.skipped };
  return into;
}
