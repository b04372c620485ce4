// Scenario-specific options: every scenario declares OptionSpecs; the CLI registers each flag once on `run`,
// then resolves values per scenario (flag, else environment / .env, else the spec's default) and validates
// them, naming the flag and the value in every problem.

import type { Command } from 'commander';
import type { OptionSpec, OptionValues, Scenario } from '../driver/scenario.js';
import { redactUrl } from '../util/redact.js';
import { parseDurationMs, parseIntList } from '../util/units.js';

/** The long flag of a spec: '--pool-size <n>' -> '--pool-size'. */
export function longFlag(spec: OptionSpec): string {
  return spec.flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? spec.flags;
}

/** Registers every scenario's options on the command once, without commander defaults (they differ per scenario). */
export function registerScenarioOptions(command: Command, scenarios: readonly Scenario[]): void {
  const seen = new Map<string, { spec: OptionSpec; uses: { owner: string; spec: OptionSpec }[] }>();
  for (const scenario of scenarios) {
    for (const spec of scenario.options ?? []) {
      const flag = longFlag(spec);
      const entry = seen.get(flag);
      if (entry) entry.uses.push({ owner: scenario.id, spec });
      else seen.set(flag, { spec, uses: [{ owner: scenario.id, spec }] });
    }
  }
  for (const { spec, uses } of seen.values()) {
    // A flag shared by scenarios that mean different things by it gets each meaning, named by scenario.
    const byMeaning = new Map<string, string[]>();
    for (const u of uses) {
      const env = u.spec.env ? `; env ${u.spec.env}` : '';
      const text = `${u.spec.description}${env}`;
      byMeaning.set(text, [...(byMeaning.get(text) ?? []), u.owner]);
    }
    const help = [...byMeaning].map(([text, owners]) => `${text} [${owners.join(', ')}]`).join(' | ');
    command.option(spec.flags, help);
  }
}

/** Flags the user gave that none of the chosen scenarios declares: a mistake worth stopping for. */
export function strayFlags(
  given: Record<string, unknown>,
  all: readonly Scenario[],
  chosen: readonly Scenario[],
): string[] {
  const keysOf = (list: readonly Scenario[]) =>
    new Set(list.flatMap((s) => (s.options ?? []).map((o) => o.key)));
  const chosenKeys = keysOf(chosen);
  const problems: string[] = [];
  for (const scenario of all) {
    for (const spec of scenario.options ?? []) {
      if (given[spec.key] !== undefined && !chosenKeys.has(spec.key)) {
        const msg = `${longFlag(spec)} does not apply to ${chosen.map((s) => s.id).join(', ')} (it is an option of ${scenario.id})`;
        if (!problems.includes(msg)) problems.push(msg);
      }
    }
  }
  return problems;
}

export interface ResolvedOptions {
  values: OptionValues;
  /** What goes into result.json: the same values with secrets redacted. */
  recorded: Record<string, unknown>;
  problems: string[];
}

export function resolveScenarioOptions(
  scenario: Scenario,
  given: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): ResolvedOptions {
  const values: OptionValues = {};
  const recorded: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const spec of scenario.options ?? []) {
    const flagValue = given[spec.key];
    const envValue = spec.env ? env[spec.env] : undefined;
    const source =
      flagValue !== undefined
        ? longFlag(spec)
        : envValue !== undefined && envValue !== ''
          ? spec.env!
          : undefined;
    const raw = flagValue !== undefined ? flagValue : source ? envValue : undefined;
    if (raw === undefined) {
      values[spec.key] = spec.default;
      if (spec.default !== undefined) recorded[spec.key] = spec.default;
      continue;
    }
    const parsed = parseValue(spec, raw);
    if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed) {
      const shown = spec.secret ? redactUrl(String(raw)) : String(raw);
      problems.push(`${source}: ${parsed.problem}, got '${shown}'`);
      continue;
    }
    values[spec.key] = parsed;
    recorded[spec.key] = spec.secret && typeof parsed === 'string' ? redactUrl(parsed) : parsed;
  }
  if (problems.length === 0 && scenario.validate) problems.push(...scenario.validate(values));
  return { values, recorded, problems: problems.map((p) => `${scenario.id}: ${p}`) };
}

type Parsed = OptionValues[string] | { problem: string };

function parseValue(spec: OptionSpec, raw: unknown): Parsed {
  if (spec.kind === 'bool') return raw === true || raw === 'true' || raw === '1' || raw === 'yes';
  const text = String(raw).trim();
  const min = spec.min ?? (spec.kind === 'int' || spec.kind === 'intList' ? 1 : undefined);
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
      try {
        new URL(text);
        return text;
      } catch {
        return { problem: 'expected a URL' };
      }
    case 'string':
      return text === '' ? { problem: 'must not be empty' } : text;
  }
}
