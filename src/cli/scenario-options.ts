// The scenarios' options on the command line: each flag registered once on `run` (a flag several scenarios
// share names each one's meaning in --help), and what the user gave handed to the contract's resolution
// by long flag. Parsing and validation themselves are the contract's (src/scenario/resolve-options.ts).

import { type Command, Option } from 'commander';
import { type GivenFlags, longFlag, type OptionSpec, type Scenario } from '../scenario/index.js';
import { ScenarioFileError } from './scenario-files.js';

interface FlagUse {
  scenario: Scenario;
  key: string;
  spec: OptionSpec;
}

/** Every scenario's flags, by long flag: who declares each, and how. Hidden options are no flags. */
function flagUses(scenarios: readonly Scenario[]): Map<string, FlagUse[]> {
  const uses = new Map<string, FlagUse[]>();
  for (const scenario of scenarios) {
    for (const [key, spec] of Object.entries<OptionSpec>(scenario.options)) {
      if (spec.hidden || spec.flag === undefined) continue;
      const flag = longFlag(spec.flag);
      uses.set(flag, [...(uses.get(flag) ?? []), { scenario, key, spec }]);
    }
  }
  return uses;
}

/** Registers every scenario's options on the command once, without commander defaults (they differ per scenario). */
export function registerScenarioOptions(
  command: Command,
  scenarios: readonly Scenario[],
  files: ReadonlyMap<string, string> = new Map(),
): void {
  // A scenario file's flag that cannot be registered is that file's mistake, reported as one line naming it.
  const refuse = (use: FlagUse, problem: string) => {
    const file = files.get(use.scenario.id);
    if (!file) throw new Error(`${use.scenario.id}: ${problem}`);
    throw new ScenarioFileError(file, `option '${use.key}': ${problem}`);
  };
  const own = new Set(command.options.flatMap((o) => [o.long, o.short]));
  for (const [flag, uses] of flagUses(scenarios)) {
    const first = uses[0]!;
    for (const use of uses) {
      if (own.has(flag)) refuse(use, `${flag} is one of poolbench run's own flags: give it another name`);
      if ((use.spec.kind === 'flag') !== (first.spec.kind === 'flag')) {
        refuse(
          files.has(use.scenario.id) ? use : first,
          `${flag} is an on/off flag in one scenario and takes a value in another (${first.scenario.id}, ${use.scenario.id})`,
        );
      }
    }
    const repeatable = uses.find((u) => (u.spec.kind === 'list') !== (first.spec.kind === 'list'));
    if (repeatable) {
      throw new Error(
        `${flag} is repeatable in one scenario and given once in another (${first.scenario.id}, ${repeatable.scenario.id})`,
      );
    }
    // A repeatable flag collects every occurrence; no commander default, so "not given" stays undefined.
    if (first.spec.kind === 'list') command.option(first.spec.flag!, help(uses), collect);
    else command.option(first.spec.flag!, help(uses));
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** "meaning [scenario: the variants that read it]", once per meaning. */
function help(uses: readonly FlagUse[]): string {
  const byMeaning = new Map<string, string[]>();
  for (const { scenario, key, spec } of uses) {
    const text = `${spec.description}${spec.env ? `; env ${spec.env}` : ''}`;
    byMeaning.set(text, [...(byMeaning.get(text) ?? []), owner(scenario, key)]);
  }
  return [...byMeaning]
    .map(([text, owners]) => `${text} [${owners.join(owners.some((o) => o.includes(':')) ? '; ' : ', ')}]`)
    .join(' | ');
}

/** The scenario, and which of its variants read the option when not all do. */
function owner(scenario: Scenario, key: string): string {
  const using = scenario.variantsUsing(key);
  if (using.length === scenario.variantNames.length) return scenario.id;
  return `${scenario.id}: ${using.length > 0 ? using.join(', ') : 'none of its variants'}`;
}

/** The scenario flags the user gave, by long flag, from commander's parsed options (keyed by attribute name). */
export function givenFlags(parsed: Record<string, unknown>, scenarios: readonly Scenario[]): GivenFlags {
  const given: Record<string, string | boolean | readonly string[]> = {};
  for (const [flag, uses] of flagUses(scenarios)) {
    const value = parsed[new Option(uses[0]!.spec.flag!).attributeName()];
    if (typeof value === 'string' || typeof value === 'boolean') given[flag] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) given[flag] = value;
  }
  return given;
}

/** Flags the user gave that none of the chosen scenarios declares: a mistake worth stopping for. */
export function strayFlags(
  given: GivenFlags,
  all: readonly Scenario[],
  chosen: readonly Scenario[],
): string[] {
  const chosenFlags = flagUses(chosen);
  const problems: string[] = [];
  for (const [flag, uses] of flagUses(all)) {
    if (given[flag] === undefined || chosenFlags.has(flag)) continue;
    const ids = chosen.map((s) => s.id).join(', ');
    for (const { scenario } of uses)
      problems.push(`${flag} does not apply to ${ids} (it is an option of ${scenario.id})`);
  }
  return problems;
}
