// Pure: the findings in words, the lines a reader quotes ("pooled: 11.2x the throughput of unpooled at c=50,
// p99 8.1x lower"). Shared by the Markdown report and the console summary.

import { comparePoints, type LoadPoint, loadPointKey } from '../analysis/run-point.js';
import { stat } from '../analysis/stats.js';
import type { Comparison, MicroBenchmark, RunResult, ScenarioResult } from '../model/result.js';
import {
  formatNs,
  formatPercent,
  formatRatio,
  formatSeconds,
  loadLabel,
  ratioRange,
  spreadText,
} from './display.js';
import type { PhaseGain } from './phases.js';

/** Completed trial pairs (baseline run, variant run) behind a comparison, matched by trial number. */
export function pairedRuns(scenario: ScenarioResult, c: Comparison): [RunResult, RunResult][] {
  const done = (variant: string) =>
    scenario.runs.filter(
      (r) =>
        r.variant === variant &&
        loadPointKey(r) === loadPointKey(c) &&
        r.phase === c.phase &&
        r.status === 'completed',
    );
  const base = done(c.baseline);
  return done(c.variant).flatMap((v) => {
    const b = base.find((r) => r.trial === v.trial);
    return b ? [[b, v] as [RunResult, RunResult]] : [];
  });
}

/**
 * When one op of the variant is several requests (a pipeline of 50 commands), its ops/s ratio undersells it:
 * the same comparison counted in the unit ("107x in commands/s"), paired trial by trial.
 */
function unitWords(pairs: readonly [RunResult, RunResult][]): string {
  const ratios = pairs.flatMap(([b, v]) => {
    const base = b.unit?.throughput ?? b.throughput;
    return v.unit && base > 0 && v.unit.perOp !== (b.unit?.perOp ?? 1) ? [v.unit.throughput / base] : [];
  });
  const unit = pairs[0]?.[1].unit;
  const ratio = stat(ratios);
  return ratio && unit ? ` (${formatRatio(ratio.median)} in ${unit.name}/s)` : '';
}

/** A latency ratio (baseline / variant) in words: "8.1x lower" when the variant is faster, else "1.3x higher". */
function latencyWords(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return 'n/a';
  return ratio >= 1 ? `${formatRatio(ratio)} lower` : `${formatRatio(1 / ratio)} higher`;
}

function latencyRange(ratio: number, range: readonly [number, number]): string {
  return ratio >= 1 ? ratioRange(range) : ratioRange([1 / range[1], 1 / range[0]]);
}

export function comparisonSentence(c: Comparison, trials: number, unit = ''): string {
  const where = `${loadLabel(c)}${c.phase ? ` (${c.phase})` : ''}`;
  const head = `${c.variant}: ${formatRatio(c.throughputRatio)} the throughput of ${c.baseline} at ${where}${unit}, p50 ${latencyWords(c.p50Ratio)}, p99 ${latencyWords(c.p99Ratio)}`;
  if (trials < 2) return `${head} (1 trial)`;
  return `${head} (${trials} trials: throughput ${ratioRange(c.throughputRatioRange)}, p99 ${latencyRange(c.p99Ratio, c.p99RatioRange)})`;
}

/** Comparisons ordered like the tables: by load point, then phase as run, then variant. */
export function comparisonLines(scenario: ScenarioResult): string[] {
  return [...scenario.comparisons].sort(comparePoints).map((c) => {
    const pairs = pairedRuns(scenario, c);
    return comparisonSentence(c, pairs.length, unitWords(pairs));
  });
}

/** The seed's words: "Performance gain: 94.9 %", with the totals behind it and the spread over trials. */
export function gainSentence(g: PhaseGain, baseline: string, point: LoadPoint): string {
  const spread = spreadText(g.gain, formatPercent);
  return `${g.variant} vs ${baseline} at ${loadLabel(point)}: Performance gain: ${formatPercent(g.gain.median)} (total ${formatSeconds(g.variantTotalS.median)} s vs ${formatSeconds(g.baselineTotalS.median)} s${spread ? `; ${g.gain.n} trials: ${spread}` : ''})`;
}

/** "pool acquire+release is 376x faster than net.connect (251 ns vs 94.6 µs per op)", fastest against each. */
export function microRatioLines(micro: readonly MicroBenchmark[]): string[] {
  const ok = micro.filter((m) => !m.error && m.nsPerOp > 0).sort((a, b) => a.nsPerOp - b.nsPerOp);
  const fastest = ok[0];
  if (!fastest) return [];
  return ok
    .slice(1)
    .map(
      (m) =>
        `${fastest.name} is ${formatRatio(m.nsPerOp / fastest.nsPerOp)} faster than ${m.name} (${formatNs(fastest.nsPerOp)} vs ${formatNs(m.nsPerOp)} per op)`,
    );
}
