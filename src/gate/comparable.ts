// Pure: whether a baseline and a current result measured the same kind of thing, so that the gate compares
// like with like. Each scenario's target (throwaway or external, which server, which major version) and the
// machine class must match; a mismatch is a usage error unless the user asks for the comparison anyway.

import { ConfigError } from '../errors.js';
import type { BenchmarkResult, Environment, TargetInfo } from '../model/result.js';

/** The variable that names the machine class a run is recorded under (e.g. a CI runner label). */
export const MACHINE_CLASS_VARIABLE = 'POOLBENCH_MACHINE_CLASS';

export interface ComparableOptions {
  /** Compare even when a scenario ran against another kind of target or server version. */
  allowOtherTarget?: boolean;
  /** Compare even when the two runs come from different machine classes. */
  allowOtherMachine?: boolean;
}

/** What a run records as its machine class: the label from the environment, when one is set. */
export function machineClassLabel(env: Readonly<Record<string, string | undefined>>): {
  machineClass?: string;
} {
  const label = env[MACHINE_CLASS_VARIABLE]?.trim();
  return label ? { machineClass: label } : {};
}

/** CPU count and architecture, after the label if one was recorded. Not the CPU model: hosts of one kind
 * (cloud machines, CI runners) come with different models from run to run; the model is shown, not compared. */
export function machineClass(env: Environment): string {
  const cpus = `${env.cpuCount} CPUs, ${env.arch}`;
  return env.machineClass ? `${env.machineClass} (${cpus})` : cpus;
}

/** e.g. "throwaway PostgreSQL 18", "external redis 7"; patch and minor releases count as the same kind. */
export function targetKind(target: TargetInfo): string {
  const major = /\d+/.exec(target.serverVersion ?? '')?.[0];
  const server = target.server ?? 'server of unknown kind';
  return `${target.embedded ? 'throwaway' : 'external'} ${server}${major ? ` ${major}` : ''}`;
}

export interface Mismatch {
  kind: 'target' | 'machine';
  line: string;
}

function describeTarget(target: TargetInfo): string {
  return `${targetKind(target)} (${target.description})`;
}

export function mismatches(baseline: BenchmarkResult, current: BenchmarkResult): Mismatch[] {
  const found: Mismatch[] = [];
  const [b, c] = [machineClass(baseline.environment), machineClass(current.environment)];
  if (b !== c) {
    found.push({
      kind: 'machine',
      line: `the baseline ran on ${b} (${baseline.environment.cpuModel}), the current run on ${c} (${current.environment.cpuModel})`,
    });
  }
  for (const scenario of current.scenarios) {
    const before = baseline.scenarios.find((s) => s.id === scenario.id);
    if (!before || targetKind(before.target) === targetKind(scenario.target)) continue;
    found.push({
      kind: 'target',
      line: `${scenario.id}: the baseline ran against ${describeTarget(before.target)}, the current run against ${describeTarget(scenario.target)}`,
    });
  }
  return found;
}

/** Throws a ConfigError (exit 2) naming every mismatch that the options do not allow; returns the allowed ones. */
export function checkComparable(
  baseline: BenchmarkResult,
  current: BenchmarkResult,
  options: ComparableOptions,
): Mismatch[] {
  const all = mismatches(baseline, current);
  const refused = all.filter((m) =>
    m.kind === 'target' ? !options.allowOtherTarget : !options.allowOtherMachine,
  );
  if (refused.length > 0) {
    const flags = [...new Set(refused.map((m) => `--allow-other-${m.kind}`))].join(' and ');
    throw new ConfigError([
      ...refused.map((m) => `cannot compare: ${m.line}`),
      `compare a baseline measured the same way (see 'npm run baseline'), or pass ${flags} to compare anyway`,
    ]);
  }
  return all;
}
