// The calibration table: per workload, poolbench's variant, the bare hand loop and the native tool in
// units per second (median over rounds, min–max as detail), and the two ratios. Pure: result -> Table.

import { medianRate } from '../../calibrate/ratios.js';
import type { CalibrationMeasure, CalibrationResult, CalibrationRow } from '../../model/result.js';
import { formatCount } from '../../util/units.js';
import { buildTable, cell, DASH, type Table, type TableCell } from './table.js';

function rateCell(m: CalibrationMeasure | undefined): TableCell {
  if (!m) return DASH;
  if (m.status === 'skipped') return cell('skipped', m.reason);
  if (m.status === 'errored') return cell('errored', m.error);
  const mid = medianRate(m);
  if (mid === undefined) return DASH;
  const lo = Math.min(...m.perSecond);
  const hi = Math.max(...m.perSecond);
  return m.perSecond.length > 1
    ? cell(formatCount(mid), `${formatCount(lo)}–${formatCount(hi)}`)
    : cell(formatCount(mid));
}

const percent = (r: number | undefined) => (r === undefined ? DASH : cell(`${(r * 100).toFixed(0)} %`));

export function calibrationTable(c: CalibrationResult): Table {
  const notes = [
    `Units per second, median over ${c.rounds} interleaved round${c.rounds === 1 ? '' : 's'} of ${c.durationS} s (warm-up ${c.warmupS} s), (min–max) across rounds.`,
    'poolbench / hand: harness overhead (100 % = the driver costs nothing); hand / native: the Node client library against the native tool.',
  ];
  for (const r of c.rows) {
    for (const m of [r.native]) if (m?.status === 'skipped') notes.push(`${r.scenario}: ${m.reason}`);
  }
  return buildTable<CalibrationRow>(
    [
      { key: 'scenario', header: 'scenario', align: 'left', value: (r) => cell(r.scenario) },
      { key: 'work', header: 'work', align: 'left', value: (r) => cell(r.work) },
      { key: 'concurrency', header: 'c', align: 'right', value: (r) => cell(String(r.concurrency)) },
      { key: 'unit', header: 'unit', align: 'left', value: (r) => cell(r.unit) },
      {
        key: 'poolbench',
        header: 'poolbench',
        align: 'right',
        value: (r) => rateCell(r.poolbench),
      },
      { key: 'variant', header: 'variant', align: 'left', value: (r) => cell(variantText(r)) },
      { key: 'hand', header: 'hand loop', align: 'right', value: (r) => rateCell(r.handLoop) },
      { key: 'library', header: 'library', align: 'left', value: (r) => cell(r.handLoop.library) },
      { key: 'native', header: 'native', align: 'right', value: (r) => rateCell(r.native) },
      { key: 'tool', header: 'tool', align: 'left', value: (r) => (r.native ? cell(r.native.tool) : DASH) },
      { key: 'harness', header: 'poolbench / hand', align: 'right', value: (r) => percent(r.harnessRatio) },
      { key: 'libraryRatio', header: 'hand / native', align: 'right', value: (r) => percent(r.libraryRatio) },
    ],
    c.rows,
    [...new Set(notes)],
  );
}

function variantText(r: CalibrationRow): string {
  return r.poolbench.phase ? `${r.poolbench.variant} (${r.poolbench.phase})` : r.poolbench.variant;
}
