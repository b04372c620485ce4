// The sweep grid's charts and the docs gallery page, from fixtures: a sweep over concurrency x pool size.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRuns } from '../../src/analysis/comparisons.js';
import type { BenchmarkResult, RunResult } from '../../src/model/result.js';
import { renderCharts } from '../../src/report/charts/png.js';
import { chartSpecs } from '../../src/report/charts/specs.js';
import { renderGallery } from '../../src/report/formats/gallery.js';
import { renderMarkdown } from '../../src/report/formats/markdown.js';

import { loadFixture } from '../fixtures/load.js';

/** The tcp-echo fixture's runs copied over a grid of pool sizes; pooled gets faster with a bigger pool. */
function gridResult(): BenchmarkResult {
  const result = loadFixture('result');
  const echo = result.scenarios.find((s) => s.id === 'tcp-echo')!;
  const runs: RunResult[] = [];
  for (const poolSize of [5, 50]) {
    for (const r of echo.runs) {
      const factor = r.variant === 'pooled' ? poolSize / 5 : 1;
      runs.push({ ...r, params: { poolSize }, throughput: r.throughput * factor });
    }
  }
  echo.runs = runs;
  echo.comparisons = compareRuns(runs, echo.baseline);
  result.scenarios = [echo];
  result.settings.sweep = { poolSize: [5, 50] };
  return result;
}

describe('sweep grid and docs gallery', () => {
  it('draws throughput and p99 across the grid, one line per variant and swept value', () => {
    const result = gridResult();
    const specs = chartSpecs(result.scenarios[0]!);
    const grid = specs.find((s) => s.kind === 'grid-throughput');
    assert.ok(grid, `charts: ${specs.map((s) => s.kind).join(', ')}`);
    assert.ok(specs.some((s) => s.kind === 'grid-p99'));
    const labels = grid.config.data.datasets.map((d) => d.label);
    assert.deepEqual(
      labels.sort(),
      ['pooled poolSize=5', 'pooled poolSize=50', 'unpooled poolSize=5', 'unpooled poolSize=50'].sort(),
    );
    const pooled50 = grid.config.data.datasets.find((d) => d.label === 'pooled poolSize=50')!.data;
    const pooled5 = grid.config.data.datasets.find((d) => d.label === 'pooled poolSize=5')!.data;
    assert.ok((pooled50[0] ?? 0) > (pooled5[0] ?? 0), 'the grid keeps each swept value apart');
    const png = renderCharts(result).find((c) => c.file === 'tcp-echo-grid-throughput.png');
    assert.ok(png && png.png.length > 10_000);
    assert.equal(result.scenarios[0]!.comparisons.length, 4, 'comparisons per concurrency and pool size');
  });

  it('writes a gallery page that embeds each run’s charts with the environment it came from', () => {
    const page = renderGallery([{ dir: 'tcp-echo', result: gridResult() }]);
    assert.match(page, /^# poolbench results/);
    assert.match(page, /## tcp-echo/);
    assert.match(
      page,
      /!\[tcp-echo: throughput across the sweep grid\]\(tcp-echo\/tcp-echo-grid-throughput\.png\)/,
    );
    assert.match(page, /Measured \d{4}-\d\d-\d\d with poolbench .* Node v/);
    assert.match(page, /pooled: .*x the throughput of unpooled/);
  });
});

describe('fixed-rate section', () => {
  it('tabulates achieved rate, dropped and late ops, corrected vs service latency, and draws latency vs rate', () => {
    const result = loadFixture('result');
    const echo = result.scenarios.find((s) => s.id === 'tcp-echo')!;
    // the fixture's two concurrency levels become two target rates
    echo.runs = echo.runs.map((r) => ({
      ...r,
      rate: r.concurrency * 100,
      load: {
        model: 'rate',
        targetRate: r.concurrency * 100,
        arrival: 'uniform',
        maxInFlight: 1000,
        started: r.ops,
        achievedRate: r.concurrency * 99,
        dropped: 3,
        late: 7,
      },
      ...(r.latencyMs ? { serviceTimeMs: { ...r.latencyMs, p50: r.latencyMs.p50 / 2 } } : {}),
    }));
    echo.comparisons = compareRuns(echo.runs, echo.baseline);
    result.scenarios = [echo];
    const md = renderMarkdown(result);
    assert.match(md, /### Fixed-rate load/);
    assert.match(md, /\| pooled \| 5,000 \| 4,950 \| 3 \| 7 \|/);
    assert.ok(chartSpecs(echo).some((c) => c.kind === 'rate-latency'));
  });
});
