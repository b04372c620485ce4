// Charts of the load points: throughput bars (variants side by side, per load point or per phase), latency
// percentiles, and throughput vs concurrency (or rate, or a swept option) when several points ran. Pure.

import type { ChartDataset } from 'chart.js';
import type { LoadPoint } from '../../analysis/run-point.js';
import type { ScenarioResult } from '../../model/result.js';
import { type Cell, phasesOf, variantsOf } from '../aggregate.js';
import { formatCount, formatMs, loadLabel } from '../display.js';
import { TOTAL_PHASE } from '../phases.js';
import { barLabels, erroredMarks, type Ranges, whiskers } from './plugins.js';
import {
  axis,
  barDataset,
  CHART_SIZE,
  type ChartSpec,
  linearAxis,
  logAxis,
  pointStyle,
  rangeOf,
  titled,
  trialsNote,
  useLog,
  variantColor,
  withAlpha,
} from './style.js';
import { belongsTo, cellAt, chartPoints, unusedOptions } from './sweep-points.js';
import { chartUnit, throughputAxisTitle } from './units.js';

const LATENCY_PERCENTILES = [
  ['p50', 'p50'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

/** Most datasets a latency chart shows before it keeps only the lowest and highest load points. */
const MAX_LATENCY_SERIES = 8;

interface Group {
  label: string;
  at: (variant: string) => Cell | undefined;
}

/** Bars per group (load point, or phase), one dataset per variant. */
function groupedBars(
  s: ScenarioResult,
  groups: readonly Group[],
  value: (c: Cell) => { median: number; min: number; max: number; n: number } | undefined,
  label: (variant: string) => string = (v) => v,
): { datasets: ChartDataset<'bar', (number | null)[]>[]; ranges: Ranges; errored: boolean[][] } {
  const variants = variantsOf(s);
  const ranges: Ranges = [];
  const errored: boolean[][] = [];
  const datasets = variants.map((variant) => {
    const color = variantColor(variant, variants, s.baseline);
    const stats = groups.map((g) => {
      const c = g.at(variant);
      return c && c.completed.length > 0 ? value(c) : undefined;
    });
    ranges.push(stats.map(rangeOf));
    errored.push(
      groups.map((g) => {
        const c = g.at(variant);
        return c !== undefined && c.completed.length === 0;
      }),
    );
    return barDataset(label(variant), stats, color);
  });
  return { datasets, ranges, errored };
}

export function throughputChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const points = chartPoints(s);
  const phases = phasesOf(s).filter((p) => p !== TOTAL_PHASE);
  const groups: Group[] =
    phases.length > 0
      ? points.flatMap((point) =>
          phases.map((phase) => ({
            label: points.length > 1 ? `${phase} ${loadLabel(point)}` : phase,
            at: (variant: string) => cellAt(cells, { ...point, phase, variant }),
          })),
        )
      : points.map((point) => ({
          label: loadLabel(point),
          at: (variant: string) => cellAt(cells, { ...point, variant }),
        }));
  if (!cells.some((c) => c.throughput)) return undefined;
  const unit = chartUnit(cells);
  const { datasets, ranges, errored } = groupedBars(s, groups, unit.throughput, (v) =>
    withUnused(s, unit.label(v), v),
  );
  const where =
    phases.length > 0
      ? `per phase${points.length === 1 ? ` at ${loadLabel(points[0]!)}` : ''}`
      : points.length === 1
        ? `at ${loadLabel(points[0]!)}`
        : `by ${sweepAxis(points).name}`;
  const title = `${s.id}: throughput ${where}`;
  return {
    scenario: s.id,
    kind: 'throughput',
    file: `${s.id}-throughput.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'bar',
      data: { labels: groups.map((g) => g.label), datasets },
      options: {
        plugins: titled(title, [`${trialsNote(cells)}${unit.note ? ` · ${unit.note}` : ''}`]),
        scales: {
          x: {
            title: axis(phases.length > 0 ? 'phase' : sweepAxis(points).title),
          },
          y: linearAxis(throughputAxisTitle(unit)),
        },
      },
      plugins: [whiskers(ranges), barLabels(formatCount, ranges), erroredMarks(errored)],
    },
  };
}

export function latencyChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const phased = phasesOf(s).length > 0;
  let shown = cells.filter((c) => c.latency && (!phased || c.phase === TOTAL_PHASE));
  if (shown.length === 0) return undefined;
  // Too many bars per percentile group to read: keep the extreme load points, or only the highest.
  const points = chartPoints(s).filter((p) => shown.some((c) => belongsTo(c, p)));
  const perPoint = new Set(shown.map((c) => c.variant)).size;
  let note = '';
  if (shown.length > MAX_LATENCY_SERIES && points.length > 1) {
    const keep = perPoint * 2 <= MAX_LATENCY_SERIES ? [points[0]!, points.at(-1)!] : [points.at(-1)!];
    shown = shown.filter((c) => keep.some((p) => belongsTo(c, p)));
    note = ` · ${keep.map(loadLabel).join(' and ')} shown of ${points.length} load points`;
  }
  const variants = variantsOf(s);
  const unit = chartUnit(cells);
  const multiPoint = new Set(shown.map(loadLabel)).size > 1;
  const pointIndex = [...new Set(shown.map(loadLabel))];
  const ranges: Ranges = [];
  const datasets = shown.map((c) => {
    const color = variantColor(c.variant, variants, s.baseline);
    const shade =
      pointIndex.length > 1
        ? 0.35 + (0.6 * pointIndex.indexOf(loadLabel(c))) / (pointIndex.length - 1)
        : 0.85;
    ranges.push(LATENCY_PERCENTILES.map(([key]) => rangeOf(c.latency![key])));
    return {
      label: multiPoint ? `${unit.latencyLabel(c.variant)} ${loadLabel(c)}` : unit.latencyLabel(c.variant),
      data: LATENCY_PERCENTILES.map(([key]) => c.latency![key].median),
      backgroundColor: withAlpha(color, shade),
      borderColor: color,
      borderWidth: 1,
    };
  });
  const values = datasets.flatMap((d) => d.data);
  const log = useLog(values);
  const where = phased ? ' (all phases)' : multiPoint ? '' : ` at ${loadLabel(shown[0]!)}`;
  const title = `${s.id}: latency percentiles${where}`;
  return {
    scenario: s.id,
    kind: 'latency',
    file: `${s.id}-latency.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'bar',
      data: { labels: LATENCY_PERCENTILES.map(([, label]) => label), datasets },
      options: {
        plugins: titled(title, `${trialsNote(shown)}${log ? ' · log scale' : ''}${note}`),
        scales: {
          x: { title: axis('percentile') },
          y: log
            ? logAxis('latency per op (ms, log scale, lower is better)', values)
            : linearAxis('latency per op (ms, lower is better)'),
        },
      },
      plugins: [whiskers(ranges), barLabels(formatMs, ranges)],
    },
  };
}

/** What varies across the load points, so the x axis names it: concurrency, target rate, a swept option. */
function sweepAxis(points: readonly LoadPoint[]): {
  name: string;
  title: string;
  label: (p: LoadPoint) => string;
} {
  const distinct = (f: (p: LoadPoint) => unknown) => new Set(points.map(f)).size > 1;
  const keys = [...new Set(points.flatMap((p) => Object.keys(p.params ?? {})))];
  const dims = [
    ...(distinct((p) => p.rate)
      ? [
          {
            name: 'target rate',
            title: 'target rate (ops/s)',
            label: (p: LoadPoint) => formatCount(p.rate ?? 0),
          },
        ]
      : []),
    ...(distinct((p) => p.concurrency)
      ? [
          {
            name: 'concurrency',
            title: 'concurrency (workers)',
            label: (p: LoadPoint) => String(p.concurrency),
          },
        ]
      : []),
    ...keys
      .filter((k) => distinct((p) => p.params?.[k]))
      .map((k) => ({
        name: k,
        title: `${k} (swept option)`,
        label: (p: LoadPoint) => String(p.params?.[k] ?? '–'),
      })),
  ];
  if (dims.length === 1) return dims[0]!;
  return { name: 'load point', title: 'load point', label: loadLabel };
}

export function scalingChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const points = chartPoints(s);
  if (points.length < 2) return undefined;
  const phased = phasesOf(s).length > 0;
  const variants = variantsOf(s);
  const unit = chartUnit(cells);
  const ranges: Ranges = [];
  const datasets = variants.map((variant, i) => {
    const color = variantColor(variant, variants, s.baseline);
    const stats = points.map((p) => {
      const c = cellAt(cells, { ...p, variant, ...(phased ? { phase: TOTAL_PHASE } : {}) });
      return c?.completed.length ? unit.throughput(c) : undefined;
    });
    ranges.push(stats.map(rangeOf));
    return {
      label: withUnused(s, unit.label(variant), variant),
      data: stats.map((st) => st?.median ?? null),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2.5,
      pointRadius: 5,
      pointStyle: pointStyle(i),
      spanGaps: false,
    };
  });
  const sweep = sweepAxis(points);
  const title = `${s.id}: throughput vs ${sweep.name}${phased ? ' (all phases)' : ''}`;
  return {
    scenario: s.id,
    kind: 'scaling',
    file: `${s.id}-scaling.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'line',
      data: { labels: points.map(sweep.label), datasets },
      options: {
        plugins: titled(title, `${trialsNote(cells)}${unit.note ? ` · ${unit.note}` : ''}`, true),
        scales: {
          x: { offset: true, title: axis(sweep.title) },
          y: linearAxis(throughputAxisTitle(unit)),
        },
      },
      plugins: [whiskers(ranges)],
    },
  };
}

/** A legend entry that says when the variant ran once for swept values it does not read. */
function withUnused(s: ScenarioResult, label: string, variant: string): string {
  const unused = unusedOptions(s, variant);
  return unused ? `${label} (${unused})` : label;
}
