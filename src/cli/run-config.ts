// `poolbench run` flags -> a validated RunConfig. Every problem is collected, each naming its flag and the
// value given, and reported at once (k6's Validate() []error).

import type { Arrival, Load } from '../driver/load/load-model.js';
import type { DriverSettings, MeasurementSettings } from '../driver/run-scenario.js';
import { ConfigError } from '../errors.js';
import type { Format } from '../report/exporters.js';
import {
  longFlag,
  type OptionBag,
  type OptionSpec,
  resolveOptions,
  type Scenario,
} from '../scenario/index.js';
import { parseDurationMs, parseIntList } from '../util/units.js';
import { parseFormats } from './output.js';
import { givenFlags, strayFlags } from './scenario-options.js';

export interface RunFlags {
  variants?: string;
  concurrency?: string;
  duration?: string;
  ops?: string;
  warmup?: string;
  trials?: string;
  out?: string;
  format?: string;
  microTime?: string;
  rate?: string;
  workers?: string;
  shard?: string;
  startAt?: string;
  arrival?: string;
  maxInFlight?: string;
  experiments?: boolean;
  quiet?: boolean;
  baseline?: string;
  threshold?: string;
  absolute?: boolean;
  failOn?: string[];
  verdictOut?: string;
  allowOtherTarget?: boolean;
  allowOtherMachine?: boolean;
  dryRun?: boolean;
  sweep?: string[];
  calibrate?: boolean;

  [scenarioOption: string]: unknown;
}

export interface ScenarioPlan {
  scenario: Scenario;
  options: OptionBag;
  recordedOptions: Record<string, unknown>;
  variants?: string[];
  /** The measured window: -d or -n when given, else the scenario's default op count, else the default duration. */
  window: { durationMs?: number; ops?: number };
}

/** The driver's settings (one type, not a copy), with what only the command needs. */
export interface RunConfig extends MeasurementSettings {
  plans: ScenarioPlan[];
  threads: number;
  sweep: { key: string; flag: string; values: number[] }[];
  /** -d or -n as given (each plan's window says what its scenario runs). */
  durationMs?: number;
  ops?: number;
  out?: string;
  /** Written after the run; result.json is written after every scenario whatever this says. */
  formats: Format[];
  quiet: boolean;
}

export const DEFAULTS = {
  durationMs: 5000,
  warmupMs: 1000,
  trials: 3,
  microTimeMs: 500,
  maxInFlight: 10_000,
} as const;
const ARRIVALS: readonly Arrival[] = ['uniform', 'poisson'];

export function parseRunConfig(
  ids: readonly string[],
  flags: RunFlags,
  registry: readonly Scenario[],
  env: NodeJS.ProcessEnv,
): RunConfig {
  const problems: string[] = [];
  const chosen: Scenario[] = [];
  for (const id of ids) {
    const scenario = registry.find((s) => s.id === id);
    if (scenario) chosen.push(scenario);
    else problems.push(`unknown scenario '${id}'; valid scenarios: ${registry.map((s) => s.id).join(', ')}`);
  }

  const variantList = flags.variants
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (variantList && chosen.length > 0) {
    const known = new Set(chosen.flatMap((s) => s.variantNames));
    for (const v of variantList) {
      if (!known.has(v)) {
        problems.push(
          `--variants: unknown variant '${v}'; valid for ${chosen.map((s) => `${s.id}: ${s.variantNames.join(', ')}`).join('; ')}`,
        );
      }
    }
  }

  const sweepConcurrency = flags.sweep?.find((s) => s.startsWith('concurrency='));
  if (sweepConcurrency && flags.concurrency !== undefined) {
    problems.push('--sweep concurrency=... and -c, --concurrency both set the concurrency levels: give one');
  }
  const concurrencyText = sweepConcurrency
    ? sweepConcurrency.slice('concurrency='.length)
    : flags.concurrency;
  const concurrency =
    concurrencyText === undefined
      ? undefined
      : positiveIntList(
          sweepConcurrency ? '--sweep concurrency' : '-c, --concurrency',
          concurrencyText,
          problems,
        );
  const ops = flags.ops === undefined ? undefined : positiveInt('-n, --ops', flags.ops, problems);
  const trials =
    flags.trials === undefined ? DEFAULTS.trials : positiveInt('--trials', flags.trials, problems);
  if (flags.ops !== undefined && flags.duration !== undefined)
    problems.push('-d, --duration and -n, --ops exclude each other: give one');
  const durationMs =
    flags.duration === undefined ? undefined : duration('-d, --duration', flags.duration, problems, false);
  const windowFor = (scenario: Scenario): ScenarioPlan['window'] => {
    if (durationMs !== undefined) return { durationMs };
    if (ops !== undefined) return { ops };
    return scenario.defaultOps !== undefined
      ? { ops: scenario.defaultOps }
      : { durationMs: DEFAULTS.durationMs };
  };
  const warmupMs =
    flags.warmup === undefined ? DEFAULTS.warmupMs : duration('--warmup', flags.warmup, problems, true);
  const microTimeMs =
    flags.microTime === undefined
      ? DEFAULTS.microTimeMs
      : duration('--micro-time', flags.microTime, problems, true);

  const rates = flags.rate === undefined ? undefined : positiveIntList('--rate', flags.rate, problems);
  const maxInFlight =
    flags.maxInFlight === undefined
      ? DEFAULTS.maxInFlight
      : positiveInt('--max-in-flight', flags.maxInFlight, problems);
  const arrival = (flags.arrival ?? 'uniform') as Arrival;
  if (!ARRIVALS.includes(arrival))
    problems.push(`--arrival: expected ${ARRIVALS.join(' or ')}, got '${flags.arrival}'`);
  if (rates === undefined && (flags.arrival !== undefined || flags.maxInFlight !== undefined)) {
    problems.push('--arrival and --max-in-flight apply to fixed-rate load: add --rate <ops/s>');
  }

  const threads = flags.workers === undefined ? 1 : positiveInt('--workers', flags.workers, problems);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard, problems);
  const startAtMs = flags.startAt === undefined ? undefined : parseStartAt(flags.startAt, problems);

  const sweep = (flags.sweep ?? [])
    .filter((s) => s !== sweepConcurrency)
    .flatMap((text) => parseSweep(text, chosen, problems));

  const formats = parseFormats(flags.format, problems);

  const given = givenFlags(flags, registry);
  problems.push(...strayFlags(given, registry, chosen));
  const plans: ScenarioPlan[] = [];
  for (const scenario of chosen) {
    const resolved = resolveOptions(scenario, given, env);
    problems.push(...resolved.problems);
    const variants = variantList?.filter((v) => scenario.variantNames.includes(v));
    if (variantList && variants?.length === 0)
      problems.push(
        `--variants: none of ${variantList.join(', ')} belongs to ${scenario.id} (${scenario.variantNames.join(', ')})`,
      );
    plans.push({
      scenario,
      options: resolved.values,
      recordedOptions: resolved.recorded,
      window: windowFor(scenario),
      ...(variants ? { variants } : {}),
    });
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const levels = concurrency ? { concurrency } : {};
  const load: Load = rates
    ? { kind: 'fixed-rate', rates, arrival, maxInFlight: maxInFlight ?? DEFAULTS.maxInFlight, ...levels }
    : { kind: 'closed', ...levels };
  return {
    plans,
    load,
    threads: threads ?? 1,
    sweep,

    ...(shard ? { shard } : {}),
    ...(startAtMs !== undefined ? { startAtMs } : {}),

    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(ops !== undefined ? { ops } : {}),
    warmupMs: warmupMs ?? 0,
    trials: trials ?? DEFAULTS.trials,
    microTimeMs: microTimeMs ?? 0,
    experiments: flags.experiments !== false,
    ...(flags.out ? { out: flags.out } : {}),
    formats,
    quiet: flags.quiet === true,
  };
}

function positiveInt(flag: string, text: string, problems: string[]): number | undefined {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    problems.push(`${flag}: expected a positive whole number, got '${text}'`);
    return undefined;
  }
  return Number(text);
}

function positiveIntList(flag: string, text: string, problems: string[]): number[] | undefined {
  const list = parseIntList(text);
  if (!list || list.some((n) => n < 1)) {
    problems.push(
      `${flag}: expected positive whole numbers separated by commas (e.g. 1,10,50), got '${text}'`,
    );
    return undefined;
  }
  return list;
}

function duration(flag: string, text: string, problems: string[], zeroAllowed: boolean): number | undefined {
  const ms = parseDurationMs(text);
  if (ms === undefined || (!zeroAllowed && ms <= 0)) {
    problems.push(
      `${flag}: expected a ${zeroAllowed ? '' : 'positive '}duration such as '500ms', '10s' or '1m', got '${text}'`,
    );
    return undefined;
  }
  return ms;
}

/** `--shard i/n`, 0-based like Kubernetes' JOB_COMPLETION_INDEX. */
function parseShard(text: string, problems: string[]): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    problems.push(`--shard: expected i/n with 0 <= i < n (0-based, e.g. 0/3), got '${text}'`);
    return undefined;
  }
  return { index, count };
}

/** `--start-at` an ISO time (2026-11-23T12:00:00Z) or a delay from now (+10s). */
function parseStartAt(text: string, problems: string[]): number | undefined {
  if (text.startsWith('+')) {
    const ms = parseDurationMs(text.slice(1));
    if (ms !== undefined) return Date.now() + ms;
  } else {
    const at = Date.parse(text);
    if (Number.isFinite(at)) return at;
  }
  problems.push(
    `--start-at: expected an ISO time such as 2026-11-23T12:00:00Z or a delay such as +10s, got '${text}'`,
  );
  return undefined;
}

/** `--sweep pool-size=5,10,50`: a numeric scenario option swept as a grid dimension. */
function parseSweep(
  text: string,
  chosen: readonly Scenario[],
  problems: string[],
): { key: string; flag: string; values: number[] }[] {
  const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(text.trim());
  if (!m) {
    problems.push(`--sweep: expected name=v1,v2,... (e.g. pool-size=5,10,50), got '${text}'`);
    return [];
  }
  const flag = `--${m[1]}`;
  const flagged = chosen.flatMap((s) =>
    Object.entries<OptionSpec>(s.options).flatMap(([key, spec]) =>
      spec.flag === undefined || spec.hidden ? [] : [{ key, spec, flag: longFlag(spec.flag) }],
    ),
  );
  const found = flagged.find((o) => o.flag === flag);
  if (!found || (found.spec.kind !== 'int' && found.spec.kind !== 'number')) {
    const numeric = [...new Set(flagged.filter((o) => o.spec.kind === 'int').map((o) => o.flag.slice(2)))];
    problems.push(
      `--sweep: '${m[1]}' is not a numeric option of ${chosen.map((s) => s.id).join(', ')}; sweepable: concurrency, ${numeric.join(', ')}`,
    );
    return [];
  }
  const values = parseIntList(m[2]!);
  const { key, spec } = found;
  const min = spec.min ?? 1;
  if (!values || values.some((v) => v < min)) {
    problems.push(`--sweep ${m[1]}: expected whole numbers >= ${min} separated by commas, got '${m[2]}'`);
    return [];
  }
  return [{ key, flag, values }];
}

/** What the driver runs for one scenario of the run: the shared settings, its variants and its window. */
export function driverSettings(config: RunConfig, plan: ScenarioPlan): DriverSettings {
  const {
    plans: _plans,
    durationMs: _d,
    ops: _n,
    out: _out,
    formats: _f,
    quiet: _q,
    ...measurement
  } = config;
  return { ...measurement, ...(plan.variants ? { variants: plan.variants } : {}), ...plan.window };
}
