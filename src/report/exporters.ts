// The one table of output formats (hyperfine's src/export/mod.rs): a format's exporter turns a result into
// named files with their content, and measures and writes nothing. The CLI validates --format against
// FORMATS and puts whatever comes back on disk (cli/output.ts).

import type { BenchmarkResult } from '../model/result.js';
import { renderCharts } from './charts/png.js';
import { chartLinks } from './charts/specs.js';
import { renderGithubActionBenchmark } from './formats/github-action-benchmark.js';
import { renderMarkdown } from './formats/markdown.js';

/** A file of an export, named relative to the output folder. */
export interface ExportedFile {
  file: string;
  content: string | Buffer;
}

export interface Exporter {
  /** What the format writes, for --help. */
  readonly description: string;
  /** This format's files. `formats` is everything exported together: report.md shows the charts only when
   * they are written beside it, so it never links a missing image. */
  files(result: BenchmarkResult, formats: readonly string[]): ExportedFile[];
}

const EXPORTERS = {
  json: {
    description: 'result.json: the result itself, to re-render or compare',
    files: (result) => [{ file: 'result.json', content: `${JSON.stringify(result, null, 2)}\n` }],
  },
  md: {
    description: 'report.md: tables, comparisons, environment',
    files: (result, formats) => [
      {
        file: 'report.md',
        content: renderMarkdown(result, { charts: formats.includes('png') ? chartLinks(result) : [] }),
      },
    ],
  },
  png: {
    description: 'a PNG chart per figure',
    files: (result) => renderCharts(result).map((chart) => ({ file: chart.file, content: chart.png })),
  },
  'github-action-benchmark': {
    description: "github-action-benchmark's bigger/smaller-is-better JSON",
    files: renderGithubActionBenchmark,
  },
} satisfies Record<string, Exporter>;

export type Format = keyof typeof EXPORTERS;

/** Every format, in the order their files are written. */
export const FORMATS = Object.keys(EXPORTERS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(EXPORTERS, name);
}

/** The files of the given formats, each format once, in the table's order whatever the order asked. */
export function exportResult(result: BenchmarkResult, formats: readonly Format[]): ExportedFile[] {
  return FORMATS.filter((f) => formats.includes(f)).flatMap((f): ExportedFile[] =>
    EXPORTERS[f].files(result, formats),
  );
}

/** The table for --help: one line per format. */
export function describeFormats(indent = ''): string {
  const width = Math.max(...FORMATS.map((f) => f.length));
  return FORMATS.map((f) => `${indent}${f.padEnd(width)}  ${EXPORTERS[f].description}`).join('\n');
}
