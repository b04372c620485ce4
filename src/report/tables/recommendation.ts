// The pool-size sweep as a table (one row per variant and size) and the lines above it, for report.md
// and the console. Pure: the recommendation block in, table model and sentences out.

import type { PoolSizeRecommendation, SizeRecommendation } from '../../model/recommendation.js';
import { formatCount, formatMs } from '../display.js';
import { buildTable, cell, DASH, type Table } from './table.js';

/** The sentences that open the report: one per variant, then what the sweep ran at. */
export function recommendationLines(r: SizeRecommendation): string[] {
  const load = r.rate !== undefined ? `${formatCount(r.rate)} ops/s (fixed rate)` : `c=${r.concurrency}`;
  const limit = r.serverLimit ? `; server limit ${r.serverLimit.connections} (${r.serverLimit.source})` : '';
  return [
    ...r.variants.map((v) => v.sentence),
    `swept ${r.option} ${r.sizes.join(', ')} at ${load}${r.objective ? `, objective ${r.objective}` : ''}${limit}`,
  ];
}

interface Row {
  variant: PoolSizeRecommendation;
  index: number;
}

export function recommendationTable(r: SizeRecommendation): Table {
  const rows: Row[] = r.variants.flatMap((variant) => variant.points.map((_, index) => ({ variant, index })));
  const point = ({ variant, index }: Row) => variant.points[index]!;
  const peak = ({ variant }: Row) => variant.peak?.throughput;
  const mark = (row: Row) => {
    const size = point(row).size;
    const v = row.variant;
    const marks = [
      v.recommended?.size === size ? 'recommended' : '',
      v.knee?.size === size ? 'knee' : '',
      v.peak?.size === size ? 'peak' : '',
      v.objective?.metAt?.size === size ? `smallest meeting ${v.objective.text}` : '',
      v.contentionFrom === size ? 'contention from here' : '',
    ].filter(Boolean);
    return marks.length > 0 ? cell(marks.join(', ')) : DASH;
  };
  const notes = [
    "busy connections: Little's law, throughput x (latency - time waiting for a connection), where the variant times its wait; near the pool size, the pool is the bottleneck.",
  ];
  return buildTable<Row>(
    [
      { key: 'variant', header: 'variant', align: 'left', value: (row) => cell(row.variant.variant) },
      { key: 'size', header: r.option, align: 'right', value: (row) => cell(String(point(row).size)) },
      {
        key: 'throughput',
        header: 'throughput (ops/s)',
        align: 'right',
        value: (row) =>
          point(row).throughput === null ? cell('errored') : cell(formatCount(point(row).throughput!)),
      },
      {
        key: 'share',
        header: 'of peak',
        align: 'right',
        value: (row) => {
          const t = point(row).throughput;
          const p = peak(row);
          return t === null || !p ? DASH : cell(`${Math.round((t / p) * 100)} %`);
        },
      },
      ...(['p50', 'p99'] as const).map((p) => ({
        key: p,
        header: `${p} (ms)`,
        align: 'right' as const,
        value: (row: Row) => {
          const l = point(row).latencyMs;
          return l ? cell(formatMs(l[p])) : DASH;
        },
      })),
      {
        key: 'errors',
        header: 'errors',
        align: 'right',
        value: (row) => cell(`${(point(row).errorRate * 100).toFixed(point(row).errorRate > 0 ? 1 : 0)} %`),
      },
      {
        key: 'busy',
        header: 'busy connections',
        align: 'right',
        value: (row) => {
          const b = point(row).busyConnections;
          return b === null ? DASH : cell(b.toFixed(1));
        },
      },
      { key: 'mark', header: '', align: 'left', value: mark },
    ],
    rows,
    notes,
  );
}
