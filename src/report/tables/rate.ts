// Pure: the fixed-rate table of a report, per variant and target rate: achieved rate, ops dropped or started
// late, latency from the intended start (corrected) beside service time (from the actual start).

import { stat } from '../../analysis/stats.js';
import type { RunResult } from '../../model/result.js';
import { type Cell, fixedRateCells } from '../aggregate.js';
import { formatCount, formatInt, formatMs } from '../display.js';
import { buildTable, cell, DASH, type Table } from './table.js';

function medianOf(runs: readonly RunResult[], get: (r: RunResult) => number | undefined): number | undefined {
  return stat(runs.flatMap((r) => (get(r) === undefined ? [] : [get(r)!])))?.median;
}

export function rateTable(cells: readonly Cell[]): Table | undefined {
  const rows = fixedRateCells(cells);
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
