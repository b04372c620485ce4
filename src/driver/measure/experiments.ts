// Times a scenario's one-shot experiments (e.g. start-up of N workers, sequential vs concurrent):
// each (series, x) point is run a few times; the median is the point, min-max its spread.

import { median } from '../../analysis/stats.js';
import type { ExperimentResult } from '../../model/result.js';
import type { Experiment } from '../../scenario/index.js';

export async function runExperiments(
  experiments: readonly Experiment[],
  signal: AbortSignal,
): Promise<ExperimentResult[]> {
  const out: ExperimentResult[] = [];
  for (const exp of experiments) {
    const repeats = exp.repeats ?? 3;
    const series: ExperimentResult['series'] = exp.series.map((s) => ({ name: s.name, points: [] }));
    for (const x of exp.xs) {
      for (const [i, s] of exp.series.entries()) {
        if (signal.aborted) return out;
        const times: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const t0 = process.hrtime.bigint();
          await s.run(x);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        series[i]!.points.push({ x, y: median(times), min: Math.min(...times), max: Math.max(...times) });
      }
    }
    out.push({
      id: exp.id,
      title: exp.title,
      xLabel: exp.xLabel,
      yLabel: 'time (ms)',
      series,
      ...(exp.note ? { note: exp.note } : {}),
    });
  }
  return out;
}
