// The other charts of a scenario: the seed's seconds per phase, micro-benchmarks (time per op), and one line
// chart per timed experiment (e.g. worker start-up, sequential vs concurrent). Pure.

import type { ExperimentResult, MicroBenchmark, ScenarioResult } from '../../model/result.js';
import { variantsOf } from '../aggregate.js';
import { formatNs, formatPercent, formatSeconds, loadLabel } from '../display.js';
import { phaseViews } from '../phases.js';
import { barLabels, type Ranges, whiskers } from './plugins.js';
import {
  axis,
  barDataset,
  CHART_SIZE,
  type ChartSpec,
  COLORS,
  linearAxis,
  pointStyle,
  rangeOf,
  titled,
  useLog,
  variantColor,
  withAlpha,
  wrap,
} from './style.js';

/** The seed's chart: seconds per phase for each variant, with the totals and the gain underneath the title. */
export function phasesChart(s: ScenarioResult): ChartSpec | undefined {
  const views = phaseViews(s);
  if (views.length === 0) return undefined;
  const variants = variantsOf(s);
  const labels = views.flatMap((v) =>
    v.phases.map((p) => (views.length > 1 ? `${p} ${loadLabel(v.point)}` : p)),
  );
  const ranges: Ranges = [];
  const datasets = variants.map((variant) => {
    const color = variantColor(variant, variants, s.baseline);
    const stats = views.flatMap(
      (v) => v.rows.find((r) => r.variant === variant)?.perPhase ?? v.phases.map(() => undefined),
    );
    ranges.push(stats.map(rangeOf));
    return barDataset(variant, stats, color);
  });
  const summary = views.map((v) => {
    const totals = v.rows
      .filter((r) => r.total)
      .map((r) => `${r.variant} ${formatSeconds(r.total!.median)} s`)
      .join(', ');
    const gains = v.gains
      .map((g) => `${g.variant}: Performance gain ${formatPercent(g.gain.median)}`)
      .join(', ');
    return `${views.length > 1 ? `${loadLabel(v.point)}: ` : ''}total ${totals}${gains ? ` · ${gains}` : ''}`;
  });
  const title = `${s.id}: seconds per phase${views.length === 1 ? ` at ${loadLabel(views[0]!.point)}` : ''}`;
  return {
    scenario: s.id,
    kind: 'phases',
    file: `${s.id}-phases.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        plugins: titled(title, summary),
        scales: {
          x: { title: axis('phase') },
          y: linearAxis('seconds (lower is better)'),
        },
      },
      plugins: [whiskers(ranges), barLabels(formatSeconds, ranges)],
    },
  };
}

export function microChart(s: ScenarioResult, micro: readonly MicroBenchmark[]): ChartSpec | undefined {
  const ok = micro.filter((m) => !m.error && m.nsPerOp > 0);
  if (ok.length === 0) return undefined;
  const values = ok.map((m) => m.nsPerOp);
  const log = useLog(values);
  const title = `${s.id}: micro-benchmarks, time per op`;
  const errored = micro.length - ok.length;
  // Log ticks only at powers of ten: the in-between ones crowd into each other.
  const powerOfTen = (v: number | string) => {
    const n = Number(v);
    return Math.abs(Math.log10(n) - Math.round(Math.log10(n))) < 1e-9 ? formatNs(n) : '';
  };
  return {
    scenario: s.id,
    kind: 'micro',
    file: `${s.id}-micro.png`,
    title,
    size: { width: CHART_SIZE.width, height: 190 + 70 * ok.length },
    config: {
      type: 'bar',
      data: {
        labels: ok.map((m) => m.name),
        datasets: [
          {
            label: 'mean time per op',
            data: values,
            backgroundColor: ok.map((_, i) => withAlpha(COLORS[i % COLORS.length]!, 0.85)),
            borderColor: ok.map((_, i) => COLORS[i % COLORS.length]!),
            borderWidth: 1,
            maxBarThickness: 44,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 80 } },
        plugins: {
          ...titled(
            title,
            `tinybench, mean per op${log ? ' · log scale' : ''}${errored ? ` · ${errored} task(s) errored (see report.md)` : ''}`,
          ),
          legend: { display: false },
        },
        scales: {
          x: log
            ? {
                type: 'logarithmic' as const,
                title: axis('time per op (log scale, lower is better)'),
                ticks: { callback: powerOfTen, maxRotation: 0, autoSkip: false },
              }
            : {
                beginAtZero: true,
                title: axis('time per op (lower is better)'),
                ticks: { callback: (v: number | string) => formatNs(Number(v)), maxRotation: 0 },
              },
        },
      },
      plugins: [barLabels(formatNs)],
    },
  };
}

export function experimentChart(s: ScenarioResult, exp: ExperimentResult): ChartSpec | undefined {
  const xs = [...new Set(exp.series.flatMap((se) => se.points.map((p) => p.x)))].sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const ranges: Ranges = [];
  const datasets = exp.series.map((se, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = xs.map((x) => se.points.find((p) => p.x === x));
    ranges.push(points.map((p) => (p && p.min !== p.max ? [p.min, p.max] : undefined)));
    return {
      label: se.name,
      data: points.map((p) => p?.y ?? null),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2.5,
      pointRadius: 5,
      pointStyle: pointStyle(i),
    };
  });
  const title = `${s.id}: ${exp.title}`;
  return {
    scenario: s.id,
    kind: `experiment:${exp.id}`,
    file: `${s.id}-${exp.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'line',
      data: { labels: xs.map(String), datasets },
      options: {
        plugins: titled(
          title,
          wrap(`median of repeats, whiskers = min–max${exp.note ? ` · ${exp.note}` : ''}`),
          true,
        ),
        scales: {
          x: { offset: true, title: axis(exp.xLabel) },
          y: linearAxis(exp.yLabel),
        },
      },
      plugins: [whiskers(ranges)],
    },
  };
}
