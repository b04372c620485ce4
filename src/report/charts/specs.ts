// Pure: which charts a result gets and what each shows, as chart.js configurations. png.ts draws them.
// Per scenario: throughput bars (variants side by side, per load point or per phase), latency percentiles,
// throughput vs concurrency when several levels ran, the seed's seconds per phase, micro-benchmarks, and a
// line chart per experiment.

import type { BenchmarkResult, ScenarioResult } from '../../model/result.js';
import { cellsOf } from '../aggregate.js';
import { experimentChart, microChart, phasesChart } from './extra.js';
import { gridCharts } from './grid.js';
import { latencyChart, scalingChart, throughputChart } from './load.js';
import { poolSizeChart } from './pool-size.js';
import { rateLatencyChart } from './rate.js';
import type { ChartSpec } from './style.js';

export { CHART_SIZE, type ChartConfig, type ChartSpec } from './style.js';

export function chartSpecs(scenario: ScenarioResult): ChartSpec[] {
  const cells = cellsOf(scenario);
  const specs = [
    poolSizeChart(scenario),
    throughputChart(scenario, cells),
    latencyChart(scenario, cells),
    scalingChart(scenario, cells),
    phasesChart(scenario),
    scenario.microbenchmarks?.length ? microChart(scenario, scenario.microbenchmarks) : undefined,
    ...(scenario.experiments ?? []).map((exp) => experimentChart(scenario, exp)),
    ...gridCharts(scenario, cells),
    rateLatencyChart(scenario, cells),
  ];
  return specs.filter((spec): spec is ChartSpec => spec !== undefined);
}

/** A chart named and placed without drawing it, so report.md can show it where it belongs. */
export type ChartLink = Pick<ChartSpec, 'scenario' | 'kind' | 'file' | 'title'>;

/** The charts a result gets, as links (drawing them is png.ts's job). */
export function chartLinks(result: BenchmarkResult): ChartLink[] {
  return result.scenarios
    .flatMap(chartSpecs)
    .map(({ scenario, kind, file, title }) => ({ scenario, kind, file, title }));
}
