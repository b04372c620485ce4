// Pure: the latency-vs-rate chart of a fixed-rate sweep, the "hockey stick" where a variant stops keeping up.

import type { ScenarioResult } from '../../model/result.js';
import { type Cell, fixedRateCells } from '../aggregate.js';
import { formatCount } from '../display.js';
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
} from './style.js';
import { chartUnit } from './units.js';

export function rateLatencyChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const rows = fixedRateCells(cells);
  const rates = [...new Set(rows.map((c) => c.rate!))].sort((a, b) => a - b);
  if (rates.length < 2) return undefined;
  const variants = [...new Set(rows.map((c) => c.variant))];
  const unit = chartUnit(rows);
  const datasets = variants.flatMap((variant, i) => {
    const color = variantColor(variant, variants, s.baseline);
    const at = (rate: number) =>
      rows.find((c) => c.variant === variant && c.rate === rate && c.completed.length > 0);
    return (['p99', 'p50'] as const).map((p) => ({
      label: `${unit.latencyLabel(variant)} ${p}`,
      data: rates.map((rate) => at(rate)?.latency?.[p].median ?? null),
      borderColor: color,
      backgroundColor: color,
      borderWidth: p === 'p99' ? 2.5 : 1.5,
      borderDash: p === 'p99' ? [] : [6, 4],
      pointRadius: 4,
      pointStyle: pointStyle(i),
      spanGaps: false,
    }));
  });
  const values = datasets.flatMap((d) => d.data.filter((v): v is number => v !== null));
  const yTitle = 'latency from intended start (ms, lower is better)';
  const title = `${s.id}: latency vs offered load (fixed rate)`;
  return {
    scenario: s.id,
    kind: 'rate-latency',
    file: `${s.id}-rate-latency.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'line',
      data: { labels: rates.map((r) => `${formatCount(r)}/s`), datasets },
      options: {
        plugins: titled(
          title,
          `${trialsNote(rows)} · solid p99, dashed p50 · coordinated omission corrected`,
          true,
        ),
        scales: {
          x: { offset: true, title: axis('target rate (ops/s)') },
          y: useLog(values) ? logAxis(`${yTitle}, log scale`, values) : linearAxis(yTitle),
        },
      },
    },
  };
}
