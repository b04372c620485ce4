// A swept option applies only to the variants that read it (its spec's usedBy): the others run once per load
// point, not once per swept value, so their run-to-run noise is not drawn as an effect of an option they
// ignore, and the sweep takes no longer than it must.

import { describeParams } from '../analysis/run-point.js';
import type { Scenario } from '../scenario/index.js';

/** One opening of the scenario (options + these swept values) and the variants measured under it, each
 * with the swept values it reads (recorded on its runs). */
export interface SweepStep {
  params: Record<string, number>;
  variants: { name: string; params: Record<string, number> }[];
}

export function sweepSteps(
  scenario: Pick<Scenario, 'variantsUsing'>,
  variants: readonly string[],
  combinations: readonly Record<string, number>[],
): SweepStep[] {
  const reads = (variant: string, key: string) =>
    (scenario.variantsUsing as (k: string) => readonly string[])(key).includes(variant);
  const seen = new Set<string>();
  return (
    combinations
      .map((params) => ({
        params,
        variants: variants.flatMap((name) => {
          const own = Object.fromEntries(Object.entries(params).filter(([key]) => reads(name, key)));
          const key = `${name}\u0000${describeParams(own)}`;
          if (seen.has(key)) return [];
          seen.add(key);
          return [{ name, params: own }];
        }),
      }))
      // The first opening always happens: a run of no variants still runs the scenario's experiments.
      .filter((step, i) => i === 0 || step.variants.length > 0)
  );
}
