// The package's run(): what `poolbench run` does, as a function. It takes values rather than flag text,
// returns the object result.json holds, and throws instead of exiting: a ConfigError (every problem at
// once), a TargetError (a scenario that could not be measured), an InterruptedError (Ctrl-C, after the
// same clean-up the CLI does). Files are written only when `out` is given.

import { Option } from 'commander';
import { measurePlans, startResult } from '../cli/measure-plans.js';
import { writeExports } from '../cli/output.js';
import { parseRunConfig, type RunFlags } from '../cli/run-config.js';
import { loadScenarioFile } from '../cli/scenario-files.js';
import { onInterrupt } from '../cli/signals.js';
import { ConfigError, errorMessage, InterruptedError, isTargetError, TargetError } from '../errors.js';
import type { BenchmarkResult } from '../model/result.js';
import type { Format } from '../report/exporters.js';
import type { OptionSpec, OptionValue, Scenario } from '../scenario/index.js';
import { redactText } from '../util/redact.js';

/** A duration as milliseconds, or as text such as '500ms', '2s', '1m'. */
export type Duration = number | string;

export interface RunOptions {
  /** Built-in scenario names ('redis'), scenario file paths ('./orders.scenario.ts'), or defineScenario results. */
  scenarios: string | Scenario | readonly (string | Scenario)[];
  /** Scenario options by the key the scenario reads them under: `{ poolSize: 20 }`. */
  options?: Readonly<Record<string, OptionValue>>;
  variants?: readonly string[];
  concurrency?: number | readonly number[];
  duration?: Duration;
  ops?: number;
  warmup?: Duration;
  trials?: number;
  /** Fixed-rate load in ops/s (several = a sweep); absent = closed loop. */
  rate?: number | readonly number[];
  arrival?: 'uniform' | 'poisson';
  maxInFlight?: number;
  /** Split the load over this many worker threads (the scenario must come from a module: a name or a file). */
  workers?: number;
  microTime?: Duration;
  experiments?: boolean;
  /** Also write result.json and `formats` (default md, png) into this folder. */
  out?: string;
  formats?: readonly Format[];
  /** Aborting it stops the run as Ctrl-C does. */
  signal?: AbortSignal;
  /** Where options' environment variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Error classes carry the partial result when there is one (what finished before the failure). */
export type WithResult<E extends Error> = E & { result?: BenchmarkResult };

export async function run(options: RunOptions): Promise<BenchmarkResult> {
  const { registry, ids } = await chosenScenarios(options.scenarios);
  const { flags, problems } = runFlags(
    options,
    registry.filter((s) => ids.includes(s.id)),
  );
  const config = checked(() => parseRunConfig(ids, flags, registry, options.env ?? process.env), problems);

  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  // Ctrl-C stops the run cleanly (servers stopped, tables and keys removed), as in the CLI; a second exits.
  const stopListening = onInterrupt(abort);
  const result = startResult(config, new Date());
  const failures: { id: string; err: unknown }[] = [];
  try {
    await measurePlans(config, result, controller.signal, {
      onFailure: (id, err) => failures.push({ id, err }),
      saved: (partial) => {
        if (options.out && partial.scenarios.length > 0) writeExports(options.out, partial, ['json']);
      },
    });
  } finally {
    stopListening();
    options.signal?.removeEventListener('abort', abort);
  }
  result.finishedAt = new Date().toISOString();
  if (options.out && result.scenarios.length > 0)
    writeExports(options.out, result, ['json', ...config.formats]);
  if (controller.signal.aborted) throw withResult(new InterruptedError(), result);
  const failure = failures[0];
  if (failure) {
    // poolbench's own errors as they are; anything else a scenario threw means its target failed
    const typed = isTargetError(failure.err) || failure.err instanceof ConfigError;
    const message = `${failure.id}: ${redactText(errorMessage(failure.err))}`;
    throw withResult(
      typed ? (failure.err as Error) : new TargetError(message, { cause: failure.err }),
      result,
    );
  }
  return result;
}

function withResult<E extends Error>(err: E, result: BenchmarkResult): WithResult<E> {
  return Object.assign(err, { result });
}

/** The registry to run from: the built-ins, with the scenarios and files given added. */
async function chosenScenarios(
  given: RunOptions['scenarios'],
): Promise<{ registry: Scenario[]; ids: string[] }> {
  const { scenarios: builtIns } = await import('../../scenarios/index.js');
  const registry = [...builtIns];
  const ids: string[] = [];
  const add = (scenario: Scenario) => {
    const known = registry.find((s) => s.id === scenario.id);
    if (known && known !== scenario && builtIns.includes(known)) {
      throw new ConfigError([`scenario id '${scenario.id}' is a built-in scenario's: give yours another id`]);
    }
    if (!known) registry.push(scenario);
    ids.push(scenario.id);
  };
  for (const item of [given].flat() as (string | Scenario)[]) {
    if (typeof item !== 'string') add(item);
    else if (builtIns.some((s) => s.id === item)) ids.push(item);
    else if (/\.(?:[cm]?[jt]s|tsx)$/.test(item)) for (const s of await loadScenarioFile(item)) add(s);
    else ids.push(item); // parseRunConfig names it as unknown, with the valid names
  }
  if (ids.length === 0) throw new ConfigError(['scenarios: name at least one scenario']);
  return { registry, ids };
}

/** The options as the flags parseRunConfig checks, so both entry points validate alike. */
function runFlags(options: RunOptions, chosen: readonly Scenario[]): { flags: RunFlags; problems: string[] } {
  const text = (value: Duration | number | readonly number[] | undefined) =>
    value === undefined
      ? undefined
      : typeof value === 'number' && !Number.isInteger(value)
        ? String(value)
        : [value].flat().join(',');
  const ms = (value: Duration | undefined) => (typeof value === 'number' ? `${value}ms` : value);
  const flags: RunFlags = {
    variants: options.variants?.join(','),
    concurrency: text(options.concurrency),
    duration: ms(options.duration),
    ops: text(options.ops),
    warmup: ms(options.warmup),
    trials: text(options.trials),
    rate: text(options.rate),
    arrival: options.arrival,
    maxInFlight: text(options.maxInFlight),
    workers: text(options.workers),
    microTime: ms(options.microTime),
    experiments: options.experiments,
    format: options.formats?.join(','),
  };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options.options ?? {})) {
    const specs = chosen.flatMap((s) => {
      const spec = (s.options as Record<string, OptionSpec>)[key];
      return spec && !spec.hidden && spec.flag ? [spec] : [];
    });
    if (specs.length === 0) {
      const keys = chosen.flatMap((s) => Object.keys(s.options));
      problems.push(
        `options.${key}: not an option of ${chosen.map((s) => s.id).join(', ')} (options: ${keys.join(', ') || 'none'})`,
      );
      continue;
    }
    if (value === undefined || value === false) continue;
    for (const spec of specs)
      flags[new Option(spec.flag!).attributeName()] = value === true ? true : [value].flat().join(',');
  }
  return { flags, problems };
}

/** Every problem at once: the flags' and the options' own. */
function checked<T>(parse: () => T, problems: readonly string[]): T {
  try {
    const parsed = parse();
    if (problems.length > 0) throw new ConfigError([...problems]);
    return parsed;
  } catch (err) {
    if (
      err instanceof ConfigError &&
      problems.length > 0 &&
      !problems.every((p) => err.problems.includes(p))
    ) {
      throw new ConfigError([...err.problems, ...problems]);
    }
    throw err;
  }
}
