// Pure: throughput and p99 against the pool size from `poolbench size`, the knee and the recommended size
// marked on the throughput line, the objective drawn as a level on the latency axis.

import type { ScenarioResult } from '../../model/result.js';
import { axis, CHART_SIZE, type ChartSpec, linearAxis, pointStyle, titled, variantColor } from './style.js';

export function poolSizeChart(s: ScenarioResult): ChartSpec | undefined {
  const r = s.recommendation;
  if (!r || r.variants.every((v) => v.points.length < 2)) return undefined;
  const sizes = [...new Set(r.variants.flatMap((v) => v.points.map((p) => p.size)))].sort((a, b) => a - b);
  const names = r.variants.map((v) => v.variant);
  const objective = /^(p50|p95|p99|p999)/.exec(r.objective ?? '')?.[1] ?? 'p99';
  const objectiveMs = objectiveValue(r.objective);
  const datasets = r.variants.flatMap((v, i) => {
    const color = variantColor(v.variant, names, '');
    const at = (size: number) => v.points.find((p) => p.size === size);
    const marked = (size: number) => size === v.knee?.size || size === v.recommended?.size;
    return [
      {
        label: `${v.variant} throughput`,
        data: sizes.map((size) => at(size)?.throughput ?? null),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2.5,
        yAxisID: 'y',
        pointStyle: pointStyle(i),
        // The knee and the recommended size stand out: bigger markers on the throughput line.
        pointRadius: sizes.map((size) => (marked(size) ? 9 : 4)),
        spanGaps: false,
      },
      {
        label: `${v.variant} ${objective}`,
        data: sizes.map((size) => at(size)?.latencyMs?.[objective as 'p99'] ?? null),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.5,
        borderDash: [6, 4],
        yAxisID: 'latency',
        pointStyle: pointStyle(i),
        pointRadius: 3,
        spanGaps: false,
      },
    ];
  });
  if (objectiveMs !== undefined) {
    datasets.push({
      label: `objective ${r.objective}`,
      data: sizes.map(() => objectiveMs),
      borderColor: '#D55E00',
      backgroundColor: '#D55E00',
      borderWidth: 2,
      borderDash: [2, 3],
      yAxisID: 'latency',
      pointStyle: 'line',
      pointRadius: 0,
      spanGaps: true,
    } as never);
  }
  const knees = r.variants
    .map((v) => `${v.variant}: knee ${v.knee?.size ?? '–'}, recommended ${v.recommended?.size ?? 'none'}`)
    .join(' · ');
  const load = r.rate !== undefined ? `${r.rate} ops/s fixed rate` : `c=${r.concurrency}`;
  const title = `${s.id}: throughput and ${objective} vs ${r.option}`;
  return {
    scenario: s.id,
    kind: 'pool-size',
    file: `${s.id}-pool-size.png`,
    title,
    size: CHART_SIZE,
    config: {
      type: 'line',
      data: { labels: sizes.map(String), datasets },
      options: {
        plugins: titled(
          title,
          [`${load} · solid throughput (big markers: knee, recommended) · dashed ${objective}`, knees],
          true,
        ),
        scales: {
          x: { offset: true, title: axis(`${r.option} (connections)`) },
          y: { ...linearAxis('throughput (ops/s, higher is better)'), position: 'left' as const },
          latency: {
            ...linearAxis(`${objective} latency (ms, lower is better)`),
            position: 'right' as const,
            grid: { drawOnChartArea: false },
          },
        },
      },
    },
  };
}

function objectiveValue(text: string | undefined): number | undefined {
  const m = /<(\d+(?:\.\d+)?)(us|µs|ms|s)$/.exec(text ?? '');
  if (!m) return undefined;
  const unit = { us: 0.001, µs: 0.001, ms: 1, s: 1000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}
