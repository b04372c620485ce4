// PNG charts of a result: the chart specs from specs.ts drawn through canvas.ts. Pure: result -> buffers.

import type { BenchmarkResult } from '../../model/result.js';
import { drawChart } from './canvas.js';
import { type ChartSpec, chartSpecs } from './specs.js';

export interface RenderedChart {
  file: string;
  png: Buffer;
  /** Where the chart belongs in report.md (see ChartSpec.kind). */
  scenario: string;
  kind: string;
  title: string;
}

function draw(spec: ChartSpec): Buffer {
  return spec.config.type === 'bar' ? drawChart(spec.config, spec.size) : drawChart(spec.config, spec.size);
}

export function renderCharts(result: BenchmarkResult): RenderedChart[] {
  return result.scenarios.flatMap(chartSpecs).map((spec) => ({
    file: spec.file,
    png: draw(spec),
    scenario: spec.scenario,
    kind: spec.kind,
    title: spec.title,
  }));
}
