// A pipelined variant sends a batch of commands per op: beside single-command variants its ops/s reads as the
// slowest bar while it does the most work. When a scenario has such a unit, every chart plots throughput in
// that unit (a variant without one does one per op), says so on the axis and the legend, and keeps latency
// per op with the batch named. Pure.

import type { Stat } from '../../analysis/stats.js';
import type { Cell } from '../aggregate.js';

export interface ChartUnit {
  /** 'ops', or the scenario's unit ('commands'). */
  readonly name: string;
  /** A cell's throughput in this unit. */
  throughput(c: Cell): Stat | undefined;
  /** A variant as a throughput legend names it: its batch, when it has one. */
  label(variant: string): string;
  /** A variant as a latency legend names it: latency is per op, so per batch when it has one. */
  latencyLabel(variant: string): string;
  /** The subtitle's words on the unit; '' when every op is one unit. */
  readonly note: string;
}

export function chartUnit(cells: readonly Cell[]): ChartUnit {
  const batch = new Map<string, number>();
  let name = 'ops';
  for (const c of cells) {
    if (!c.unit) continue;
    name = c.unit.name;
    if (c.unit.perOp !== 1) batch.set(c.variant, c.unit.perOp);
  }
  if (batch.size === 0) {
    return {
      name,
      throughput: (c) => c.throughput,
      label: (v) => v,
      latencyLabel: (v) => v,
      note: '',
    };
  }
  const batches = [...batch].map(([variant, perOp]) => `${variant} does ${perOp} per op`).join(', ');
  return {
    name,
    // A variant without a unit does one of them per op: its ops/s is already in the unit.
    throughput: (c) => (c.unit ? c.unit.throughput : c.throughput),
    label: (v) => (batch.has(v) ? `${v} (${name}/s, ${batch.get(v)} per op)` : v),
    latencyLabel: (v) => (batch.has(v) ? `${v} (per batch of ${batch.get(v)})` : v),
    note: `throughput in ${name}/s (${batches}, the others 1)`,
  };
}

/** The throughput axis title in the chart's unit. */
export function throughputAxisTitle(unit: ChartUnit): string {
  return `throughput (${unit.name}/s, higher is better)`;
}
