// `poolbench list [scenario...]`: every scenario (or the ones named) with its variants and a one-line
// description; and what `run ./file --help` adds for a scenario file: its variants and options.

import { ConfigError } from '../../errors.js';
import type { OptionSpec, Scenario } from '../../scenario/index.js';

export function renderList(registry: readonly Scenario[]): string {
  const width = Math.max(...registry.map((s) => s.id.length));
  return registry
    .map((s) => `${s.id.padEnd(width)}  ${s.description}\n${' '.repeat(width)}  variants: ${variants(s)}`)
    .join('\n');
}

/** The scenarios named (all when none is); an unknown name is a usage error. */
export function pickScenarios(registry: readonly Scenario[], ids: readonly string[]): readonly Scenario[] {
  if (ids.length === 0) return registry;
  const unknown = ids.filter((id) => !registry.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map(
        (id) => `unknown scenario '${id}'; valid scenarios: ${registry.map((s) => s.id).join(', ')}`,
      ),
    );
  }
  return registry.filter((s) => ids.includes(s.id));
}

/** The help section of the scenario files given: each scenario's variants and its options with defaults. */
export function describeFiles(registry: readonly Scenario[], files: ReadonlyMap<string, string>): string {
  const sections = registry
    .filter((s) => files.has(s.id))
    .map((s) => {
      const options = Object.values<OptionSpec>(s.options)
        .filter((o) => !o.hidden && o.flag !== undefined)
        .map(
          (o) => `    ${o.flag!.padEnd(26)}${o.description}${defaultOf(o)}${o.env ? ` (env ${o.env})` : ''}`,
        );
      return [
        `\nScenario file ${files.get(s.id)}: ${s.id}, ${s.description}`,
        `  variants: ${variants(s)}`,
        options.length > 0 ? `  options:\n${options.join('\n')}` : '  options: none',
      ].join('\n');
    });
  return sections.join('\n');
}

function variants(s: Scenario): string {
  return s.variantNames
    .map((v) => (v === s.baseline && s.variantNames.length > 1 ? `${v} (baseline)` : v))
    .join(', ');
}

function defaultOf(spec: OptionSpec): string {
  if (spec.default === undefined || spec.kind === 'flag') return '';
  const value = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
  const shown = spec.secret ? '(secret)' : spec.kind === 'duration' ? `${value}ms` : value;
  return ` (default ${shown})`;
}
