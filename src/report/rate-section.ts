// Pure: what the fixed-rate model adds to a report. A table per variant and target rate: achieved rate,
// ops dropped or started late, latency from the intended start (corrected) beside service time (from the
// actual start); and a latency-vs-rate chart, the "hockey stick" where a variant stops keeping up.

import { stat } from '../analysis/stats.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import type { Cell } from './aggregate.js';
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
} from './chart-style.js';
import { formatCount, formatInt, formatMs } from './format.js';
import { buildTable, cell, DASH, type Table } from './table.js';

const rated = (cells: readonly Cell[]) => cells.filter((c) => c.rate !== undefined && !c.phase);

function medianOf(runs: readonly RunResult[], get: (r: RunResult) => number | undefined): number | undefined {
  return stat(runs.flatMap((r) => (get(r) === undefined ? [] : [get(r)!])))?.median;
}

export function rateTable(cells: readonly Cell[]): Table | undefined {
  const rows = rated(cells);
  if (rows.length === 0) return undefined;
  const ms = (v: number | undefined) => (v === undefined ? DASH : cell(formatMs(v)));
  const count = (v: number | undefined) => (v === undefined ? DASH : cell(formatCount(v)));
  const whole = (v: number | undefined) => (v === undefined ? DASH : cell(formatInt(v)));
  const load = (r: RunResult) => (r.load?.model === 'rate' ? r.load : undefined);
  return buildTable<Cell>(
    [
      { key: 'variant', header: 'variant', align: 'left', value: (c) => cell(c.variant) },
      { key: 'rate', header: 'target (ops/s)', align: 'right', value: (c) => count(c.rate) },
      {
        key: 'achieved',
        header: 'achieved (ops/s)',
        align: 'right',
        value: (c) => count(c.achievedRate?.median),
      },
      {
        key: 'dropped',
        header: 'dropped',
        align: 'right',
        value: (c) => whole(medianOf(c.completed, (r) => load(r)?.dropped)),
      },
      {
        key: 'late',
        header: 'started late',
        align: 'right',
        value: (c) => whole(medianOf(c.completed, (r) => load(r)?.late)),
      },
      { key: 'p50', header: 'p50 corrected (ms)', align: 'right', value: (c) => ms(c.latency?.p50.median) },
      { key: 'p99', header: 'p99 corrected (ms)', align: 'right', value: (c) => ms(c.latency?.p99.median) },
      {
        key: 's50',
        header: 'p50 service (ms)',
        align: 'right',
        value: (c) => ms(medianOf(c.completed, (r) => r.serviceTimeMs?.p50)),
      },
      {
        key: 's99',
        header: 'p99 service (ms)',
        align: 'right',
        value: (c) => ms(medianOf(c.completed, (r) => r.serviceTimeMs?.p99)),
      },
    ],
    rows,
  );
}

export function rateLatencyChart(s: ScenarioResult, cells: readonly Cell[]): ChartSpec | undefined {
  const rows = rated(cells);
  const rates = [...new Set(rows.map((c) => c.rate!))].sort((a, b) => a - b);
  if (rates.length < 2) return undefined;
  const variants = [...new Set(rows.map((c) => c.variant))];
  const datasets = variants.flatMap((variant, i) => {
    const color = variantColor(variant, variants, s.baseline);
    const at = (rate: number) =>
      rows.find((c) => c.variant === variant && c.rate === rate && c.completed.length > 0);
    return (['p99', 'p50'] as const).map((p) => ({
      label: `${variant} ${p}`,
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
