// Pure: for an option sweep (--sweep concurrency=... --sweep pool-size=...), throughput and p99 across the
// grid as multi-line charts: x = concurrency, one line per variant and swept value. Where the pooled lines
// flatten, the pool has saturated; where they meet the unpooled line, pooling stopped paying.

import { describeParams } from '../../analysis/run-point.js';
import type { ScenarioResult } from '../../model/result.js';
import type { Cell } from '../aggregate.js';
import { TOTAL_PHASE } from '../phases.js';
import {
  axis,
  CHART_SIZE,
  type ChartSpec,
  linearAxis,
  logAxis,
  pointStyle,
  titled,
  trialsNote,
  useLog,
  variantColor,
  withAlpha,
} from './style.js';
import { unusedOptions } from './sweep-points.js';
import { chartUnit, throughputAxisTitle } from './units.js';

type Metric = 'throughput' | 'p99';

export function gridCharts(s: ScenarioResult, cells: readonly Cell[]): ChartSpec[] {
  const hasParams = (c: Cell) => c.params !== undefined && Object.keys(c.params).length > 0;
  const swept = cells.filter(hasParams);
  const concurrencies = [...new Set(swept.map((c) => c.concurrency))].sort((a, b) => a - b);
  if (swept.length === 0 || concurrencies.length < 2) return [];
  // A variant that reads none of the swept options ran once per concurrency: it is one line of the grid.
  const once = new Set(cells.filter((c) => !hasParams(c)).map((c) => c.variant));
  for (const c of swept) once.delete(c.variant);
  const shown = cells.filter((c) => hasParams(c) || once.has(c.variant));
  return (['throughput', 'p99'] as const).map((metric) => gridChart(s, shown, concurrencies, metric));
}

function gridChart(
  s: ScenarioResult,
  cells: readonly Cell[],
  concurrencies: number[],
  metric: Metric,
): ChartSpec {
  const phased = cells.some((c) => c.phase);
  const variants = [...new Set(cells.map((c) => c.variant))];
  const unit = chartUnit(cells);
  const lines = new Map<string, { variant: string; params: Record<string, number> }>();
  for (const c of cells)
    if (!phased || c.phase === TOTAL_PHASE)
      lines.set(`${c.variant} ${describeParams(c.params)}`, { variant: c.variant, params: c.params ?? {} });
  const valuesOf = (variant: string, params: Record<string, number>) =>
    concurrencies.map((concurrency) => {
      const cell = cells.find(
        (c) =>
          c.variant === variant &&
          c.concurrency === concurrency &&
          describeParams(c.params) === describeParams(params) &&
          (!phased || c.phase === TOTAL_PHASE),
      );
      if (!cell?.completed.length) return null;
      const value = metric === 'throughput' ? unit.throughput(cell)?.median : cell.latency?.p99.median;
      return value ?? null;
    });
  const entries = [...lines.values()];
  const datasets = entries.map(({ variant, params }, i) => {
    const color = variantColor(variant, variants, s.baseline);
    // lighter shades for smaller swept values: the eye follows one variant across the grid
    const sameVariant = entries.filter((e) => e.variant === variant);
    const shade =
      0.45 + (0.55 * (sameVariant.findIndex((e) => e.params === params) + 1)) / sameVariant.length;
    const name = metric === 'throughput' ? unit.label(variant) : unit.latencyLabel(variant);
    const unused = unusedOptions(s, variant);
    const values = Object.entries(params).map(([k, v]) => `${k}=${v}`);
    return {
      label: [name, ...values, ...(unused ? [`(${unused})`] : [])].join(' '),
      data: valuesOf(variant, params),
      borderColor: withAlpha(color, shade),
      backgroundColor: withAlpha(color, shade),
      borderWidth: 2.5,
      pointRadius: 5,
      pointStyle: pointStyle(i),
      spanGaps: false,
    };
  });
  const all = datasets.flatMap((d) => d.data.filter((v): v is number => v !== null));
  const yTitle = metric === 'throughput' ? throughputAxisTitle(unit) : 'p99 latency (ms, lower is better)';
  const title = `${s.id}: ${metric} across the sweep grid${phased ? ' (all phases)' : ''}`;
  return {
    scenario: s.id,
    kind: `grid-${metric}`,
    file: `${s.id}-grid-${metric}.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'line',
      data: { labels: concurrencies.map((c) => `c=${c}`), datasets },
      options: {
        plugins: titled(
          title,
          `${trialsNote(cells as Cell[]).replace(', whiskers = min–max', '')}${unit.note && metric === 'throughput' ? ` · ${unit.note}` : ''}`,
          true,
        ),
        scales: {
          x: { offset: true, title: axis('concurrency (workers)') },
          y: useLog(all) ? logAxis(`${yTitle}, log scale`, all) : linearAxis(yTitle),
        },
      },
    },
  };
}
