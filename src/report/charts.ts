// Pure: which charts a result gets and what each shows, as chart.js configurations. png.ts draws them.
// Per scenario: throughput bars (variants side by side, per load point or per phase), latency percentiles,
// throughput vs concurrency when several levels ran, the seed's seconds per phase, micro-benchmarks, and a
// line chart per experiment.

import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { ExperimentResult, MicroBenchmark, ScenarioResult } from '../model/result.js';
import {
  type Cell,
  cellsOf,
  findCell,
  type LoadPoint,
  phasesOf,
  pointKey,
  pointsOf,
  variantsOf,
} from './aggregate.js';
import { barLabels, type Ranges, whiskers } from './chart-plugins.js';
import { formatCount, formatMs, formatNs, formatPercent, formatSeconds, loadLabel } from './format.js';
import { phaseViews, TOTAL_PHASE } from './phases.js';

export type ChartConfig =
  | ChartConfiguration<'bar', (number | null)[], string>
  | ChartConfiguration<'line', (number | null)[], string>;

export interface ChartSpec {
  scenario: string;
  /** throughput | latency | scaling | phases | micro | experiment:<id> */
  kind: string;
  file: string;
  title: string;
  size: { width: number; height: number };
  config: ChartConfig;
}

export const CHART_SIZE = { width: 1000, height: 560 };

/** Okabe–Ito colours first (distinguishable with colour blindness, readable on white), then Tol's muted ones
 * for scenarios with many variants (redis has nine). The baseline always gets vermillion. */
const BASELINE_COLOR = '#D55E00';
const COLORS = [
  '#0072B2',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#8C564B',
  '#332288',
  '#999933',
  '#AA4499',
  '#44AA99',
  '#882255',
];
/** Lines also differ by marker, so series stay apart in greyscale and where colours run out. */
const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded'] as const;

function pointStyle(index: number) {
  return POINT_STYLES[index % POINT_STYLES.length]!;
}

export function variantColor(variant: string, variants: readonly string[], baseline: string): string {
  if (variant === baseline) return BASELINE_COLOR;
  const i = variants.filter((v) => v !== baseline).indexOf(variant);
  return COLORS[Math.max(0, i) % COLORS.length]!;
}

/** `#rrggbb` with an alpha, for lighter shades of a variant's colour. */
function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const LATENCY_PERCENTILES = [
  ['p50', 'p50'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

/** Most datasets a latency chart shows before it keeps only the lowest and highest load points. */
const MAX_LATENCY_SERIES = 8;
/** A max/min ratio beyond which a linear axis would flatten the small values into the floor. */
const LOG_SCALE_SPREAD = 30;

function trialsNote(cells: readonly Cell[]): string {
  const n = Math.max(0, ...cells.map((c) => c.runs.length));
  const errored = cells.some((c) => c.completed.length === 0);
  return [
    n > 1 ? `median of ${n} trials, whiskers = min–max` : '1 trial',
    ...(errored ? ['missing bar = every trial errored (see report.md)'] : []),
  ].join(' · ');
}

/** Title, subtitle and legend; line charts show each series' marker in the legend. */
function titled(text: string, subtitle: string | string[], lines = false) {
  return {
    title: {
      display: true,
      text,
      font: { size: 17, weight: 'bold' as const },
      padding: { top: 8, bottom: 4 },
    },
    subtitle: { display: true, text: subtitle, color: '#444444', padding: { bottom: 10 } },
    legend: {
      position: 'top' as const,
      labels: {
        boxWidth: 18,
        padding: 14,
        ...(lines ? { usePointStyle: true, boxWidth: 12, boxHeight: 8 } : {}),
      },
    },
  };
}

function axis(text: string) {
  return { display: true, text, font: { size: 13, weight: 'bold' as const } };
}

/** Log-axis tick labels at 1, 2 and 5 per decade, without trailing zeros ('40', '0.5'); the others crowd. */
const compactTick = (v: number | string) => {
  const n = Number(v);
  const mantissa = Math.round(n / 10 ** Math.floor(Math.log10(n) + 1e-9));
  return [1, 2, 5].includes(mantissa) ? String(Number(n.toPrecision(3))) : '';
};

/** A value axis starting at zero, with headroom for the labels above the tallest bar. */
function linearAxis(title: string) {
  return { beginAtZero: true, grace: '8%', title: axis(title) };
}

/** A log axis for figures that span orders of magnitude; headroom for labels, plain tick labels. */
function logAxis(title: string, values: readonly number[]) {
  const max = Math.max(...values.filter((v) => v > 0));
  return {
    type: 'logarithmic' as const,
    suggestedMax: max * 1.8,
    title: axis(title),
    ticks: { callback: compactTick },
  };
}

function useLog(values: readonly number[]): boolean {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return false;
  return Math.max(...positive) / Math.min(...positive) > LOG_SCALE_SPREAD;
}

function rangeOf(s: { min: number; max: number; n: number } | undefined): [number, number] | undefined {
  return s && s.n > 1 ? [s.min, s.max] : undefined;
}

interface Group {
  label: string;
  at: (variant: string) => Cell | undefined;
}

/** Bars per group (load point, or phase), one dataset per variant. */
function groupedBars(
  s: ScenarioResult,
  groups: readonly Group[],
  value: (c: Cell) => { median: number; min: number; max: number; n: number } | undefined,
): { datasets: ChartDataset<'bar', (number | null)[]>[]; ranges: Ranges } {
  const variants = variantsOf(s);
  const ranges: Ranges = [];
  const datasets = variants.map((variant) => {
    const color = variantColor(variant, variants, s.baseline);
    const stats = groups.map((g) => {
      const c = g.at(variant);
      return c && c.completed.length > 0 ? value(c) : undefined;
    });
    ranges.push(stats.map(rangeOf));
    return {
      label: variant,
      data: stats.map((st) => st?.median ?? null),
      backgroundColor: withAlpha(color, 0.85),
      borderColor: color,
      borderWidth: 1,
      maxBarThickness: 110,
    };
  });
  return { datasets, ranges };
}

function throughputChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const points = pointsOf(s);
  const phases = phasesOf(s).filter((p) => p !== TOTAL_PHASE);
  const groups: Group[] =
    phases.length > 0
      ? points.flatMap((point) =>
          phases.map((phase) => ({
            label: points.length > 1 ? `${phase} ${loadLabel(point)}` : phase,
            at: (variant: string) => findCell(cells, { ...point, phase, variant }),
          })),
        )
      : points.map((point) => ({
          label: loadLabel(point),
          at: (variant: string) => findCell(cells, { ...point, variant }),
        }));
  if (!cells.some((c) => c.throughput)) return undefined;
  const { datasets, ranges } = groupedBars(s, groups, (c) => c.throughput);
  const unit = cells.find((c) => c.unit)?.unit;
  const where =
    phases.length > 0
      ? `per phase${points.length === 1 ? ` at ${loadLabel(points[0]!)}` : ''}`
      : 'per load point';
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
        plugins: titled(title, [`${trialsNote(cells)}${unit ? ` · 1 op = ${unit.perOp} ${unit.name}` : ''}`]),
        scales: {
          x: {
            title: axis(phases.length > 0 ? 'phase' : sweepAxis(points).title),
          },
          y: linearAxis('throughput (ops/s, higher is better)'),
        },
      },
      plugins: [whiskers(ranges), barLabels(formatCount, ranges)],
    },
  };
}

function latencyChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const phased = phasesOf(s).length > 0;
  let shown = cells.filter((c) => c.latency && (!phased || c.phase === TOTAL_PHASE));
  if (shown.length === 0) return undefined;
  // Too many bars per percentile group to read: keep the extreme load points, or only the highest.
  const points = pointsOf(s).filter((p) => shown.some((c) => pointKey(c) === pointKey(p)));
  const perPoint = new Set(shown.map((c) => c.variant)).size;
  let note = '';
  if (shown.length > MAX_LATENCY_SERIES && points.length > 1) {
    const keep = perPoint * 2 <= MAX_LATENCY_SERIES ? [points[0]!, points.at(-1)!] : [points.at(-1)!];
    shown = shown.filter((c) => keep.some((p) => pointKey(p) === pointKey(c)));
    note = ` · ${keep.map(loadLabel).join(' and ')} shown of ${points.length} load points`;
  }
  const variants = variantsOf(s);
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
      label: multiPoint ? `${c.variant} ${loadLabel(c)}` : c.variant,
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

function scalingChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const points = pointsOf(s);
  if (points.length < 2) return undefined;
  const phased = phasesOf(s).length > 0;
  const variants = variantsOf(s);
  const ranges: Ranges = [];
  const datasets = variants.map((variant, i) => {
    const color = variantColor(variant, variants, s.baseline);
    const stats = points.map((p) => {
      const c = findCell(cells, { ...p, variant, ...(phased ? { phase: TOTAL_PHASE } : {}) });
      return c?.completed.length ? c.throughput : undefined;
    });
    ranges.push(stats.map(rangeOf));
    return {
      label: variant,
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
        plugins: titled(title, trialsNote(cells), true),
        scales: {
          x: { offset: true, title: axis(sweep.title) },
          y: linearAxis('throughput (ops/s, higher is better)'),
        },
      },
      plugins: [whiskers(ranges)],
    },
  };
}

/** The seed's chart: seconds per phase for each variant, with the totals and the gain underneath the title. */
function phasesChart(s: ScenarioResult): ChartSpec | undefined {
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
    return {
      label: variant,
      data: stats.map((st) => st?.median ?? null),
      backgroundColor: withAlpha(color, 0.85),
      borderColor: color,
      borderWidth: 1,
      maxBarThickness: 110,
    };
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

function microChart(s: ScenarioResult, micro: readonly MicroBenchmark[]): ChartSpec | undefined {
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

function experimentChart(s: ScenarioResult, exp: ExperimentResult): ChartSpec | undefined {
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

/** Chart.js does not wrap titles: long subtitles become several lines. */
function wrap(text: string, width = 120): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function chartSpecs(scenario: ScenarioResult): ChartSpec[] {
  const cells = cellsOf(scenario);
  const specs = [
    throughputChart(scenario, cells),
    latencyChart(scenario, cells),
    scalingChart(scenario, cells),
    phasesChart(scenario),
    scenario.microbenchmarks?.length ? microChart(scenario, scenario.microbenchmarks) : undefined,
    ...(scenario.experiments ?? []).map((exp) => experimentChart(scenario, exp)),
  ];
  return specs.filter((spec): spec is ChartSpec => spec !== undefined);
}
