// The checks defineScenario makes, so that a broken scenario fails when its module loads, with a message
// naming the scenario and every problem, rather than halfway through a run. Written against plain values:
// a scenario file in JavaScript has no compiler to catch these.

import type { OptionKind, OptionSpec } from './option-spec.js';
import { longFlag, parseOption } from './resolve-options.js';

/** A scenario definition that cannot work; `problems` lists every reason found. */
export class ScenarioDefinitionError extends Error {
  readonly problems: readonly string[];
  constructor(id: unknown, problems: readonly string[]) {
    super(`scenario ${typeof id === 'string' && id !== '' ? `'${id}'` : '(no id)'}: ${problems.join('; ')}`);
    this.name = 'ScenarioDefinitionError';
    this.problems = problems;
  }
}

const ID = /^[a-z][a-z0-9-]*$/;
const VARIANT = /^[a-z0-9][a-z0-9._-]*$/i;
// An optional one-letter short flag first: '-H, --header <line>'.
const VALUE_FLAG = /^(-[a-zA-Z], )?--[a-z][a-z0-9-]*( <[^<>\s]+>)$/;
const BARE_FLAG = /^(-[a-zA-Z], )?--[a-z][a-z0-9-]*$/;
const KINDS: readonly OptionKind[] = [
  'int',
  'number',
  'duration',
  'string',
  'url',
  'flag',
  'intList',
  'choice',
  'list',
];

type Fields = Record<string, unknown>;

/** Every problem with a definition; [] when it is fine. */
export function checkDefinition(definition: unknown): string[] {
  if (typeof definition !== 'object' || definition === null) {
    return ['defineScenario takes an object: { id, description, variants, ... }'];
  }
  const d = definition as Fields;
  const problems: string[] = [];
  if (typeof d.id !== 'string' || !ID.test(d.id)) {
    problems.push(
      `bad id ${JSON.stringify(d.id)}: use lower-case letters, digits and dashes, starting with a letter (e.g. 'orders')`,
    );
  }
  if (typeof d.description !== 'string' || d.description.trim() === '') problems.push('no description');
  const variants = checkVariants(d.variants, problems);
  if (d.baseline !== undefined && !variants.includes(d.baseline as string)) {
    problems.push(
      `baseline ${JSON.stringify(d.baseline)} is not a variant (variants: ${variants.join(', ') || 'none'})`,
    );
  }
  checkOptions(d.options, variants, problems);
  for (const hook of ['validate', 'open'] as const) {
    if (d[hook] !== undefined && typeof d[hook] !== 'function') problems.push(`${hook} must be a function`);
  }
  const levels = d.defaultConcurrency;
  if (
    levels !== undefined &&
    (!Array.isArray(levels) || levels.length === 0 || !levels.every(isPositiveInt))
  ) {
    problems.push('defaultConcurrency must be a list of whole numbers >= 1');
  }
  if (d.defaultOps !== undefined && !isPositiveInt(d.defaultOps)) {
    problems.push('defaultOps must be a whole number >= 1');
  }
  return problems;
}

function checkVariants(variants: unknown, problems: string[]): string[] {
  if (typeof variants !== 'object' || variants === null || Object.keys(variants).length === 0) {
    problems.push('no variants: declare at least one, e.g. variants: { pooled: () => ({ op }) }');
    return [];
  }
  for (const [name, factory] of Object.entries(variants)) {
    if (!VARIANT.test(name))
      problems.push(`variant name '${name}': use letters, digits, '.', '_' and '-' (no commas or spaces)`);
    if (typeof factory !== 'function') problems.push(`variant '${name}' must be a function returning { op }`);
  }
  return Object.keys(variants);
}

function checkOptions(options: unknown, variants: readonly string[], problems: string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    problems.push('options must be an object of option.int(...), option.flag(...) and the like');
    return;
  }
  const flags = new Map<string, string>();
  const envs = new Map<string, string>();
  for (const [key, value] of Object.entries(options)) {
    if (!isSpec(value)) {
      problems.push(
        `option '${key}' is not an option: make it with option.int(...), option.flag(...) and the like`,
      );
      continue;
    }
    const p = (text: string) => problems.push(`option '${key}': ${text}`);
    if (value.description.trim() === '') p('no description');
    if (value.hidden) {
      if (value.flag !== undefined || value.env !== undefined) p('a hidden option takes no flag and no env');
    } else if (value.flag === undefined) {
      p("no flag: give one such as '--pool-size <n>', or mark it hidden");
    } else {
      checkFlag(value, p);
      const flag = longFlag(value.flag);
      const other = flags.get(flag);
      if (other) problems.push(`options '${other}' and '${key}' both declare ${flag}`);
      else flags.set(flag, key);
    }
    if (value.env !== undefined) {
      const other = envs.get(value.env);
      if (other) problems.push(`options '${other}' and '${key}' both read ${value.env}`);
      else envs.set(value.env, key);
    }
    for (const name of value.usedBy ?? []) {
      if (!variants.includes(name)) p(`usedBy names '${name}', which is not a variant`);
    }
    if (value.kind === 'choice' && (value.choices?.length ?? 0) === 0) p('a choice needs choices');
    const wrong = value.default === undefined ? undefined : defaultProblem(value);
    if (wrong) p(`default ${JSON.stringify(value.default)} ${wrong}`);
  }
}

function checkFlag(spec: OptionSpec, p: (text: string) => void): void {
  const flag = spec.flag ?? '';
  if (spec.kind === 'flag' && !BARE_FLAG.test(flag)) {
    p(`flag '${flag}' of an on/off option takes no value: write it as '--name'`);
  } else if (spec.kind !== 'flag' && !VALUE_FLAG.test(flag)) {
    p(
      `flag '${flag}' takes a value: write it as '--name <value>' or '-n, --name <value>' (lower-case letters, digits and dashes)`,
    );
  }
}

/** The default must be a value the option itself would accept from the command line. */
function defaultProblem(spec: OptionSpec): string | undefined {
  const value = spec.default;
  switch (spec.kind) {
    case 'flag':
      return value === false ? undefined : 'of an on/off option can only be false (it is on when given)';
    case 'int':
    case 'number':
    case 'duration':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
      if (spec.kind === 'duration') return value < 0 ? 'is negative' : undefined;
      return refusal(spec, String(value));
    case 'list':
      return Array.isArray(value) ? undefined : 'is not a list';
    case 'intList':
      return Array.isArray(value) && value.length > 0
        ? refusal(spec, value.join(','))
        : 'is not a list of numbers';
    default:
      return typeof value === 'string' ? refusal(spec, value) : 'is not text';
  }
}

function refusal(spec: OptionSpec, text: string): string | undefined {
  const parsed = parseOption(spec, text);
  return typeof parsed === 'object' && parsed !== null && 'problem' in parsed
    ? `is refused: ${parsed.problem}`
    : undefined;
}

function isSpec(value: unknown): value is OptionSpec {
  const v = value as Partial<OptionSpec> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    KINDS.includes(v.kind as OptionKind) &&
    typeof v.description === 'string'
  );
}

function isPositiveInt(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}
