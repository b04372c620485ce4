// Export for github-action-benchmark: its `customBiggerIsBetter` and `customSmallerIsBetter` tool formats
// (an array of {name, unit, value, range?, extra?}), one file each.

import { extractMetrics, metricKey } from '../../analysis/metrics.js';
import type { BenchmarkResult } from '../../model/result.js';

interface BenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

export function renderGithubActionBenchmark(result: BenchmarkResult): { file: string; content: string }[] {
  const bigger: BenchmarkEntry[] = [];
  const smaller: BenchmarkEntry[] = [];
  for (const p of extractMetrics(result)) {
    const unit = p.kind === 'ratio' ? 'x' : p.metric === 'throughput' ? 'ops/s' : 'ms';
    const entry: BenchmarkEntry = {
      name: metricKey(p),
      unit,
      value: Number(p.median.toPrecision(6)),
      range: `${Number(p.range[0].toPrecision(4))}..${Number(p.range[1].toPrecision(4))}`,
      extra: `${p.trials} trials; ${p.kind === 'ratio' ? 'variant vs baseline, same run' : 'absolute, machine-dependent'}`,
    };
    (p.higherIsBetter ? bigger : smaller).push(entry);
  }
  const json = (entries: BenchmarkEntry[]) => `${JSON.stringify(entries, null, 2)}\n`;
  return [
    { file: 'github-action-benchmark-bigger.json', content: json(bigger) },
    { file: 'github-action-benchmark-smaller.json', content: json(smaller) },
  ];
}
