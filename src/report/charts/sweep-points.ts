// A swept option applies only to the variants that read it: the others ran once per concurrency (and rate),
// with fewer swept values on their runs. Charts group by the fullest load points and draw such a variant's
// one measurement in each group it belongs to, saying that it does not use the option. Pure.

import type { LoadPoint, RunPoint } from '../../analysis/run-point.js';
import type { ScenarioResult } from '../../model/result.js';
import { type Cell, findCell, pointsOf } from '../aggregate.js';

function sameLoad(a: LoadPoint, b: LoadPoint): boolean {
  return a.concurrency === b.concurrency && a.rate === b.rate;
}

/** Every swept value of `part` is in `whole` (whole may have more). */
function within(part: LoadPoint['params'], whole: LoadPoint['params']): boolean {
  return Object.entries(part ?? {}).every(([k, v]) => whole?.[k] === v);
}

const size = (p: LoadPoint) => Object.keys(p.params ?? {}).length;

/** The load points a chart groups by: none that a fuller point at the same concurrency and rate contains. */
export function chartPoints(s: ScenarioResult): LoadPoint[] {
  const all = pointsOf(s);
  return all.filter(
    (p) => !all.some((q) => size(q) > size(p) && sameLoad(p, q) && within(p.params, q.params)),
  );
}

/** A cell is drawn at a chart's point when it ran there: at that point, or once for all its swept values. */
export function belongsTo(c: LoadPoint, point: LoadPoint): boolean {
  return sameLoad(c, point) && within(c.params, point.params);
}

/** The cell of a variant at a chart's point: its own, or the one it ran once for all the swept values it
 * does not read. */
export function cellAt(cells: readonly Cell[], where: RunPoint): Cell | undefined {
  return (
    findCell(cells, where) ??
    cells.find(
      (c) =>
        c.variant === where.variant &&
        (c.phase ?? '') === (where.phase ?? '') &&
        sameLoad(c, where) &&
        size(c) < Object.keys(where.params ?? {}).length &&
        within(c.params, where.params),
    )
  );
}

/** The swept options a variant does not read, as a legend says it: '' when it reads them all. */
export function unusedOptions(s: ScenarioResult, variant: string): string {
  const swept = new Set(s.runs.flatMap((r) => Object.keys(r.params ?? {})));
  const read = new Set(s.runs.flatMap((r) => (r.variant === variant ? Object.keys(r.params ?? {}) : [])));
  const unused = [...swept].filter((k) => !read.has(k)).sort();
  return unused.length > 0 ? `does not use ${unused.join(', ')}` : '';
}
