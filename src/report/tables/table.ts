// The table model every text renderer shares (hyperfine's markup.rs idea): builders decide what the rows
// say, once; formats/markdown.ts and formats/console.ts only decide how a row looks.

import { redactText } from '../../util/redact.js';

export type Align = 'left' | 'right';

export interface Column {
  /** Stable id, so a renderer can pick a subset (the console shows fewer columns). */
  key: string;
  header: string;
  align: Align;
}

/** A cell: the figure, and optional detail (the min–max over trials, error kinds...) a compact view may drop. */
export interface TableCell {
  text: string;
  detail?: string;
}

export interface Table {
  columns: Column[];
  rows: TableCell[][];
  /** Lines that belong under the table (why a trial errored, what an error kind means). */
  notes: string[];
}

export const DASH: TableCell = { text: '–' };

/** Every cell passes through here, so a password that slipped into an error message never reaches a table. */
export function cell(text: string, detail?: string): TableCell {
  return detail ? { text: redactText(text), detail: redactText(detail) } : { text: redactText(text) };
}

/** Builds a table from column definitions that each know how to read a row's source. */
export function buildTable<T>(
  defs: readonly (Column & { value: (row: T) => TableCell })[],
  sources: readonly T[],
  notes: string[] = [],
): Table {
  return {
    columns: defs.map(({ key, header, align }) => ({ key, header, align })),
    rows: sources.map((s) => defs.map((d) => d.value(s))),
    notes,
  };
}

/** The same table with only the named columns, in the table's order (for compact views). */
export function selectColumns(table: Table, keys: readonly string[]): Table {
  const keep = table.columns.flatMap((c, i) => (keys.includes(c.key) ? [i] : []));
  return {
    columns: keep.map((i) => table.columns[i]!),
    rows: table.rows.map((row) => keep.map((i) => row[i] ?? DASH)),
    notes: table.notes,
  };
}
