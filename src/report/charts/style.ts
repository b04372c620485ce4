// How poolbench charts look: size, colours per variant, titles, axes. Shared by every chart builder.

import type { ChartConfiguration } from 'chart.js';
import type { Cell } from '../aggregate.js';

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
export const COLORS = [
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

export function pointStyle(index: number) {
  return POINT_STYLES[index % POINT_STYLES.length]!;
}

export function variantColor(variant: string, variants: readonly string[], baseline: string): string {
  if (variant === baseline) return BASELINE_COLOR;
  const i = variants.filter((v) => v !== baseline).indexOf(variant);
  return COLORS[Math.max(0, i) % COLORS.length]!;
}

/** `#rrggbb` with an alpha, for lighter shades of a variant's colour. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A max/min ratio beyond which a linear axis would flatten the small values into the floor. */
const LOG_SCALE_SPREAD = 30;

export function trialsNote(cells: readonly Cell[]): string {
  const n = Math.max(0, ...cells.map((c) => c.runs.length));
  const errored = cells.some((c) => c.completed.length === 0);
  return [
    n > 1 ? `median of ${n} trials, whiskers = min–max` : '1 trial',
    ...(errored ? ['errored = every trial failed, see report.md'] : []),
  ].join(' · ');
}

/** Title, subtitle and legend; line charts show each series' marker in the legend. */
export function titled(text: string, subtitle: string | string[], lines = false) {
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

export function axis(text: string) {
  return { display: true, text, font: { size: 13, weight: 'bold' as const } };
}

/** Log-axis tick labels at 1, 2 and 5 per decade, without trailing zeros ('40', '0.5'); the others crowd. */
const compactTick = (v: number | string) => {
  const n = Number(v);
  const mantissa = Math.round(n / 10 ** Math.floor(Math.log10(n) + 1e-9));
  return [1, 2, 5].includes(mantissa) ? String(Number(n.toPrecision(3))) : '';
};

/** A value axis starting at zero, with headroom for the labels above the tallest bar. */
export function linearAxis(title: string) {
  return { beginAtZero: true, grace: '8%', title: axis(title) };
}

/** A log axis for figures that span orders of magnitude; headroom for labels, plain tick labels. */
export function logAxis(title: string, values: readonly number[]) {
  const max = Math.max(...values.filter((v) => v > 0));
  return {
    type: 'logarithmic' as const,
    suggestedMax: max * 1.8,
    title: axis(title),
    ticks: { callback: compactTick },
  };
}

export function useLog(values: readonly number[]): boolean {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return false;
  return Math.max(...positive) / Math.min(...positive) > LOG_SCALE_SPREAD;
}

export function rangeOf(
  s: { min: number; max: number; n: number } | undefined,
): [number, number] | undefined {
  return s && s.n > 1 ? [s.min, s.max] : undefined;
}

/** Chart.js does not wrap titles: long subtitles become several lines. */
export function wrap(text: string, width = 120): string[] {
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

/** One variant's bars: medians, its colour a little lighter inside, a thin outline. */
export function barDataset(label: string, stats: readonly ({ median: number } | undefined)[], color: string) {
  return {
    label,
    data: stats.map((st) => st?.median ?? null),
    backgroundColor: withAlpha(color, 0.85),
    borderColor: color,
    borderWidth: 1,
    maxBarThickness: 110,
  };
}
