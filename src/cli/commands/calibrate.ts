// `poolbench calibrate [scenario...]`: does poolbench measure the target or itself? Per workload, against
// the same target, interleaved: poolbench's variant, a bare hand loop with the same library, and the native
// tool. Prints the table, writes result.json (its `calibration` block) and report.md.

import { calibrateScenario } from '../../calibrate/calibrate-scenario.js';
import type { ScenarioCalibration } from '../../calibrate/spec.js';
import { environment } from '../../driver/environment.js';
import { ConfigError, errorMessage, TargetError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { machineClassLabel } from '../../gate/comparable.js';
import { type BenchmarkResult, type CalibrationRow, SCHEMA_VERSION } from '../../model/result.js';
import { renderConsoleSummary } from '../../report/formats/console.js';
import { resolveOptions, type Scenario } from '../../scenario/index.js';
import { packageVersion } from '../../util/package-root.js';
import { redactText } from '../../util/redact.js';
import { parseDurationMs } from '../../util/units.js';
import { defaultOutDir, writeExports } from '../output.js';
import { givenFlags, strayFlags } from '../scenario-options.js';
import { onInterrupt } from '../signals.js';

export interface CalibrateFlags {
  duration?: string;
  warmup?: string;
  rounds?: string;
  concurrency?: string;
  out?: string;
  quiet?: boolean;
  [scenarioFlag: string]: unknown;
}

export const CALIBRATE_DEFAULTS = { durationMs: 5000, warmupMs: 1000, rounds: 2 };

export async function calibrateCommand(
  ids: string[],
  flags: CalibrateFlags,
  registry: readonly Scenario[],
  calibrations: readonly ScenarioCalibration[],
): Promise<ExitCode> {
  const problems: string[] = [];
  const known = calibrations.map((c) => c.scenario);
  const chosenIds = ids.length > 0 ? ids : known;
  for (const id of chosenIds) {
    if (!known.includes(id))
      problems.push(`calibrate: no calibration for '${id}'; scenarios with one: ${known.join(', ')}`);
  }
  const durationMs = duration('-d, --duration', flags.duration, CALIBRATE_DEFAULTS.durationMs, problems);
  const warmupMs = duration('--warmup', flags.warmup, CALIBRATE_DEFAULTS.warmupMs, problems);
  const rounds = count('--rounds', flags.rounds, CALIBRATE_DEFAULTS.rounds, problems);
  const concurrency =
    flags.concurrency === undefined ? undefined : count('-c, --concurrency', flags.concurrency, 0, problems);
  const chosen = chosenIds.flatMap((id) => registry.filter((s) => s.id === id && known.includes(id)));
  const given = givenFlags(flags, registry);
  problems.push(...strayFlags(given, registry, chosen));
  const plans = chosen.map((scenario) => {
    const resolved = resolveOptions(scenario, given, process.env);
    problems.push(...resolved.problems);
    const calibration = calibrations.find((c) => c.scenario === scenario.id)!;
    // Only what the user gave goes over the calibration's own options (e.g. GET only for redis).
    const givenKeys = Object.keys(resolved.recorded).filter((k) => isGiven(scenario, k, given));
    const options = Object.fromEntries(givenKeys.map((k) => [k, resolved.values[k]!]));
    return { scenario, calibration, options };
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const started = new Date();
  const outDir = flags.out ?? defaultOutDir(started, ['calibrate', ...chosenIds]);
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write('\nstopping: finishing the current measurement, cleaning up\n');
    controller.abort();
  });
  const log = flags.quiet ? undefined : (line: string) => process.stderr.write(`  ${redactText(line)}\n`);
  const rows: CalibrationRow[] = [];
  let failed = false;
  try {
    for (const plan of plans) {
      if (controller.signal.aborted) break;
      try {
        const settings = { durationMs, warmupMs, rounds, ...(concurrency ? { concurrency } : {}) };
        rows.push(
          ...(await calibrateScenario(
            plan.scenario,
            plan.calibration,
            plan.options,
            settings,
            controller.signal,
            { ...(log ? { log } : {}) },
          )),
        );
      } catch (err) {
        failed = true;
        if (controller.signal.aborted) break;
        const prefix = err instanceof TargetError || err instanceof ConfigError ? '' : 'unexpected error: ';
        const text = err instanceof ConfigError ? err.problems.join('; ') : errorMessage(err);
        process.stderr.write(`poolbench: ${plan.scenario.id}: ${prefix}${redactText(text)}\n`);
      }
    }
  } finally {
    stopListening();
  }
  if (rows.length === 0) return controller.signal.aborted ? EXIT.interrupted : EXIT.runFailed;

  const result: BenchmarkResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'poolbench', version: packageVersion() },
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    ...(controller.signal.aborted ? { interrupted: true } : {}),
    settings: {
      concurrency: concurrency ? [concurrency] : [],
      durationS: durationMs / 1000,
      warmupS: warmupMs / 1000,
      trials: rounds,
    },
    environment: { ...environment('closed'), ...machineClassLabel(process.env) },
    scenarios: [],
    calibration: { rounds, durationS: durationMs / 1000, warmupS: warmupMs / 1000, rows },
  };
  const files = writeExports(outDir, result, ['json', 'md']);
  process.stdout.write(`${renderConsoleSummary(result)}\n`);
  process.stderr.write(`wrote ${files.join(', ')}\n`);
  if (controller.signal.aborted) return EXIT.interrupted;
  const erroredRows = rows.some((r) => r.poolbench.status === 'errored' || r.handLoop.status === 'errored');
  return failed || erroredRows ? EXIT.runFailed : EXIT.ok;
}

function isGiven(scenario: Scenario, key: string, given: Record<string, unknown>): boolean {
  const spec = scenario.options[key];
  if (!spec) return false;
  const flag = spec.flag?.split(/[ ,|]+/).find((f) => f.startsWith('--'));
  return (
    (flag !== undefined && given[flag] !== undefined) || (spec.env !== undefined && !!process.env[spec.env])
  );
}

function duration(flag: string, text: string | undefined, fallback: number, problems: string[]): number {
  if (text === undefined) return fallback;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) {
    problems.push(`${flag}: expected a duration such as 5s or 500ms, got '${text}'`);
    return fallback;
  }
  return ms;
}

function count(flag: string, text: string | undefined, fallback: number, problems: string[]): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    problems.push(`${flag}: expected a whole number >= 1, got '${text}'`);
    return fallback;
  }
  return n;
}
