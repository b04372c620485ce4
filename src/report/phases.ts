// Pure: the seed's view of a phased scenario (postgres-crud): seconds per phase and in total for each variant,
// and "Performance gain" = 1 - variant total seconds / baseline total seconds, paired trial by trial.

import type { LoadPoint } from '../analysis/run-point.js';
import { type Stat, stat } from '../analysis/stats.js';
import type { ScenarioResult } from '../model/result.js';
import { type Cell, cellsOf, findCell, phasesOf, pointsOf, variantsOf } from './aggregate.js';

export interface PhaseGain {
  variant: string;
  /** Median over paired trials of 1 - variant total s / baseline total s, with min-max. */
  gain: Stat;
  variantTotalS: Stat;
  baselineTotalS: Stat;
}

export interface PhaseView {
  point: LoadPoint;
  /** The measured phases in order, without 'total'. */
  phases: string[];
  rows: { variant: string; perPhase: (Stat | undefined)[]; total?: Stat; errored: string[] }[];
  gains: PhaseGain[];
}

export const TOTAL_PHASE = 'total';

export function phaseViews(scenario: ScenarioResult): PhaseView[] {
  const allPhases = phasesOf(scenario);
  if (allPhases.length === 0) return [];
  const phases = allPhases.filter((p) => p !== TOTAL_PHASE);
  const cells = cellsOf(scenario);
  const variants = variantsOf(scenario);
  return pointsOf(scenario).map((point) => {
    const cell = (variant: string, phase: string) => findCell(cells, { ...point, variant, phase });
    const rows = variants.map((variant) => {
      const total = cell(variant, TOTAL_PHASE)?.seconds;
      const errored = allPhases.flatMap((p) =>
        (cell(variant, p)?.errored ?? []).map((r) => `${p} trial ${r.trial}: ${r.error ?? 'errored'}`),
      );
      return {
        variant,
        perPhase: phases.map((p) => cell(variant, p)?.seconds),
        ...(total ? { total } : {}),
        errored,
      };
    });
    const base = cell(scenario.baseline, TOTAL_PHASE);
    const gains = variants
      .filter((v) => v !== scenario.baseline)
      .flatMap((variant) => {
        const gain = base && gainOf(base, cell(variant, TOTAL_PHASE));
        return gain ? [{ variant, ...gain }] : [];
      });
    return { point, phases, rows, gains };
  });
}

function gainOf(base: Cell, other: Cell | undefined): Omit<PhaseGain, 'variant'> | undefined {
  if (!other || !base.seconds || !other.seconds) return undefined;
  const gains = other.completed.flatMap((v) => {
    const b = base.completed.find((r) => r.trial === v.trial);
    return b && b.durationS > 0 ? [1 - v.durationS / b.durationS] : [];
  });
  const gain = stat(gains);
  return gain ? { gain, variantTotalS: other.seconds, baselineTotalS: base.seconds } : undefined;
}
