// From what the user gave to typed option values: the flag, else the environment (and `.env`), else the
// spec's default. Every problem is collected, each naming the flag or variable and the value given, and
// the scenario's own cross-option checks run once every single value is good.

import { redactUrl } from '../util/redact.js';
import { parseDurationMs, parseIntList } from '../util/units.js';
import type { OptionBag, OptionSpec, OptionSpecs, OptionValue, OptionValues } from './option-spec.js';

/**
 * Values from the command line by long flag ('--pool-size'): text, true for a flag that was given, every
 * occurrence of a repeatable one.
 */
export type GivenFlags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export interface ResolvedOptions<O extends OptionSpecs = OptionSpecs> {
  values: OptionValues<O>;
  /** What goes into result.json: every value given or defaulted, secrets redacted. */
  recorded: Record<string, unknown>;
  /** Every problem, each starting with the scenario's id; [] when fine. */
  problems: string[];
}

/** What resolution needs of a scenario. */
interface Resolvable<O extends OptionSpecs> {
  readonly id: string;
  readonly options: O;
  validate(options: OptionValues<O>): string[];
}

/** The long flag of a spec's flags: '--pool-size <n>' -> '--pool-size'. */
export function longFlag(flags: string): string {
  return flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags;
}

export function resolveOptions<O extends OptionSpecs>(
  scenario: Resolvable<O>,
  given: GivenFlags,
  env: NodeJS.ProcessEnv,
): ResolvedOptions<O> {
  const values: Record<string, OptionValue> = {};
  const recorded: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries<OptionSpec>(scenario.options)) {
    const flag = spec.flag === undefined || spec.hidden ? undefined : longFlag(spec.flag);
    const fromFlag = flag === undefined ? undefined : given[flag];
    const fromEnv = spec.env && !spec.hidden ? env[spec.env] : undefined;
    // A problem names the flag as --help shows it: '-H, --header', or just '--pool-size'.
    const source = fromFlag !== undefined ? spec.flag?.replace(/ <.*>$/, '') : fromEnv ? spec.env : undefined;
    const raw = fromFlag ?? (fromEnv || undefined);
    if (raw === undefined || source === undefined) {
      values[key] = defaultOf(spec);
      if (spec.default !== undefined && !spec.hidden && !isEmptyList(spec.default))
        recorded[key] = shown(spec, spec.default);
      continue;
    }
    const parsed = parseOption(spec, raw);
    if (isProblem(parsed)) {
      const given = Array.isArray(raw)
        ? raw.map((r) => shownText(spec, r)).join("', '")
        : shownText(spec, String(raw));
      problems.push(`${source}: ${parsed.problem}, got '${given}'`);
      continue;
    }
    values[key] = parsed;
    recorded[key] = shown(spec, parsed);
  }
  const typed = values as OptionValues<O>;
  if (problems.length === 0) problems.push(...scenario.validate(typed));
  return { values: typed, recorded, problems: problems.map((p) => `${scenario.id}: ${p}`) };
}

/**
 * A scenario's values without a command line: its defaults, with `overrides` laid over them (for tests and
 * programs that call the driver themselves). Unchecked: the driver validates them when it opens the scenario.
 */
export function optionValues<O extends OptionSpecs>(
  scenario: { readonly options: O },
  overrides: Partial<OptionValues<O>> | OptionBag = {},
): OptionValues<O> {
  const values: Record<string, OptionValue> = {};
  for (const [key, spec] of Object.entries<OptionSpec>(scenario.options)) values[key] = defaultOf(spec);
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) values[key] = value;
  return values as OptionValues<O>;
}

/** A spec's value when nothing was given: its default; a flag is off. */
function defaultOf(spec: OptionSpec): OptionValue {
  return spec.default ?? (spec.kind === 'flag' ? false : undefined);
}

const isEmptyList = (value: OptionValue) => Array.isArray(value) && value.length === 0;

/** A value as results and output show it: a secret URL's password hidden, the spec's own redaction applied. */
function shown(spec: OptionSpec, value: OptionValue): OptionValue {
  if (typeof value === 'string') return shownText(spec, value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value.map((v: string) => shownText(spec, v));
  return value;
}

function shownText(spec: OptionSpec, text: string): string {
  // A secret URL keeps all but its password; any other secret (a token) is hidden whole.
  const hidden = !spec.secret ? text : spec.kind === 'url' ? redactUrl(text) : '***';
  return spec.redact ? spec.redact(hidden) : hidden;
}

type Parsed = OptionValue | { problem: string };

const isProblem = (p: Parsed): p is { problem: string } =>
  typeof p === 'object' && p !== null && 'problem' in p;

/** One value from its text (a flag's `true`, the text of a flag or variable, a repeatable flag's every text). */
export function parseOption(spec: OptionSpec, raw: string | boolean | readonly string[]): Parsed {
  if (spec.kind === 'flag') return raw === true || raw === 'true' || raw === '1' || raw === 'yes';
  if (spec.kind === 'list') {
    const lines = Array.isArray(raw)
      ? raw
      : String(raw)
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '');
    const items = lines.map((t: string) => t.trim());
    return items.some((t) => t === '') ? { problem: 'must not be empty' } : items;
  }
  const text = String(raw).trim();
  const min = spec.min;
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(text)) return { problem: 'expected a whole number' };
      const n = Number(text);
      return min !== undefined && n < min ? { problem: `must be at least ${min}` } : n;
    }
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { problem: 'expected a number' };
      return min !== undefined && n < min ? { problem: `must be at least ${min}` } : n;
    }
    case 'intList': {
      const list = parseIntList(text);
      if (!list) return { problem: 'expected a comma-separated list of whole numbers' };
      return min !== undefined && list.some((n) => n < min)
        ? { problem: `every value must be at least ${min}` }
        : list;
    }
    case 'duration': {
      const ms = parseDurationMs(text);
      return ms === undefined ? { problem: "expected a duration such as '500ms', '2s' or '1m'" } : ms;
    }
    case 'choice':
      return spec.choices?.includes(text) ? text : { problem: `expected one of ${spec.choices?.join(', ')}` };
    case 'url':
      return URL.canParse(text) ? text : { problem: 'expected a URL' };
    case 'string':
      return text === '' ? { problem: 'must not be empty' } : text;
  }
}
