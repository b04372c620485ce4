// The report renderers' front door: the CLI asks for formats and writes whatever comes back.

import type { BenchmarkResult } from '../model/result.js';
import { chartSpecs } from './charts.js';
import { type ChartLink, renderMarkdown } from './markdown.js';
import { renderCharts } from './png.js';

export { renderConsoleSummary } from './console.js';
export { renderMarkdown } from './markdown.js';
export { renderCharts } from './png.js';

/** The charts a result gets, named and placed without drawing them (for Markdown that links them). */
export function chartLinks(result: BenchmarkResult): ChartLink[] {
  return result.scenarios
    .flatMap(chartSpecs)
    .map(({ scenario, kind, file, title }) => ({ scenario, kind, file, title }));
}

export type ReportFormat = 'json' | 'md' | 'png';

export interface RenderedFile {
  file: string;
  content: string | Buffer;
}

/** Every file the given formats produce, named relative to the output folder. */
export function renderFormats(result: BenchmarkResult, formats: readonly ReportFormat[]): RenderedFile[] {
  const files: RenderedFile[] = [];
  if (formats.includes('json'))
    files.push({ file: 'result.json', content: `${JSON.stringify(result, null, 2)}\n` });
  const charts = formats.includes('png') ? renderCharts(result) : [];
  // The Markdown shows the charts where they belong, but only when they are written alongside it.
  if (formats.includes('md')) files.push({ file: 'report.md', content: renderMarkdown(result, { charts }) });
  for (const chart of charts) files.push({ file: chart.file, content: chart.png });
  return files;
}
