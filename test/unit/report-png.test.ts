// The PNG charts: the expected files per scenario, each a real PNG of the stated size with bars, lines and
// text drawn (pixels counted after decoding with @napi-rs/canvas), on a white background.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { type RenderedChart, renderCharts } from '../../src/report/charts/png.js';
import { type ChartSpec, chartLinks, chartSpecs } from '../../src/report/charts/specs.js';
import { loadFixture } from '../fixtures/load.js';

interface Pixels {
  width: number;
  height: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Share of pixels that are dark (text, whiskers, axis titles). */
  dark: number;
  /** Share of pixels close to a given colour (bars are drawn slightly translucent over white). */
  near(hex: string): number;
  corner: [number, number, number, number];
}

async function decode(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const total = image.width * image.height;
  let inked = 0;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (r < 235 || g < 235 || b < 235) inked++;
    if (r < 90 && g < 90 && b < 90) dark++;
  }
  return {
    width: image.width,
    height: image.height,
    inked: inked / total,
    dark: dark / total,
    near(hex) {
      const n = Number.parseInt(hex.slice(1), 16);
      const [tr, tg, tb] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - tr) + Math.abs(data[i + 1]! - tg) + Math.abs(data[i + 2]! - tb) < 90) hits++;
      }
      return hits / total;
    },
    corner: [data[0]!, data[1]!, data[2]!, data[3]!],
  };
}

const BASELINE = '#D55E00';
const POOLED = '#0072B2';

describe('renderCharts', () => {
  const result = loadFixture('result');
  let charts: RenderedChart[];
  let specs: ChartSpec[];
  before(() => {
    charts = renderCharts(result);
    specs = result.scenarios.flatMap(chartSpecs);
  });

  it('renders the expected charts per scenario', () => {
    assert.deepEqual(charts.map((c) => c.file).sort(), [
      'postgres-crud-latency.png',
      'postgres-crud-phases.png',
      'postgres-crud-throughput.png',
      'tcp-echo-latency.png',
      'tcp-echo-micro.png',
      'tcp-echo-scaling.png',
      'tcp-echo-throughput.png',
    ]);
    // The links report.md can carry without drawing anything name the same files.
    assert.deepEqual(
      chartLinks(result).map((l) => l.file),
      charts.map((c) => c.file),
    );
  });

  it('gives every chart a title, axis titles with units and a legend', () => {
    for (const spec of specs) {
      const options = spec.config.options!;
      assert.ok(options.plugins?.title?.display && options.plugins.title.text, spec.file);
      const scales = Object.values(options.scales ?? {});
      assert.ok(scales.length >= 1, spec.file);
      for (const scale of scales) assert.ok(scale && 'title' in scale && scale.title?.text, spec.file);
    }
    const throughput = specs.find((s) => s.file === 'tcp-echo-throughput.png')!;
    assert.deepEqual(
      throughput.config.data.datasets.map((d) => d.label),
      ['unpooled', 'pooled'],
    );
    assert.deepEqual(throughput.config.data.labels, ['c=1', 'c=50']);
    const phases = specs.find((s) => s.file === 'postgres-crud-phases.png')!;
    assert.deepEqual(phases.config.data.labels, ['create', 'read', 'update', 'delete']);
  });

  it('produces real, non-blank PNGs of the stated size on a white background', async () => {
    for (const chart of charts) {
      const spec = specs.find((s) => s.file === chart.file)!;
      assert.deepEqual([...chart.png.subarray(1, 4)], [...Buffer.from('PNG')], chart.file);
      const px = await decode(chart.png);
      assert.equal(px.width, spec.size.width, chart.file);
      assert.equal(px.height, spec.size.height, chart.file);
      assert.deepEqual(px.corner, [255, 255, 255, 255], `${chart.file}: opaque white background`);
      assert.ok(px.inked > 0.03, `${chart.file}: ${(px.inked * 100).toFixed(1)} % inked`);
      // Titles, tick labels and legends: without the bundled font, this share drops to almost nothing.
      assert.ok(px.dark > 0.004, `${chart.file}: ${(px.dark * 100).toFixed(2)} % dark (text)`);
    }
  });

  it('draws both variants in their colours', async () => {
    for (const file of ['tcp-echo-throughput.png', 'postgres-crud-phases.png', 'postgres-crud-latency.png']) {
      const px = await decode(charts.find((c) => c.file === file)!.png);
      assert.ok(px.near(BASELINE) > 0.005, `${file}: baseline bars`);
      assert.ok(px.near(POOLED) > 0.005, `${file}: pooled bars`);
    }
  });

  it('charts a sweep with several concurrencies and an experiment', async () => {
    const sweep = renderCharts(loadFixture('result-sweep'));
    assert.deepEqual(sweep.map((c) => c.file).sort(), [
      'redis-latency.png',
      'redis-scaling.png',
      'redis-throughput.png',
      'worker-pool-startup.png',
    ]);
    const startup = await decode(sweep.find((c) => c.file === 'worker-pool-startup.png')!.png);
    assert.ok(startup.inked > 0.03 && startup.dark > 0.004);
    const spec = chartSpecs(loadFixture('result-sweep').scenarios[1]!)[0]!;
    assert.deepEqual(spec.config.data.labels, ['1', '2', '4', '8', '16']);
    assert.deepEqual(
      spec.config.data.datasets.map((d) => d.label),
      ['sequential', 'concurrent'],
    );
  });

  it('marks a bar whose every trial errored instead of leaving a silent gap', async () => {
    const copy = loadFixture('result');
    const echo = copy.scenarios[0]!;
    for (const r of echo.runs.filter((r) => r.variant === 'pooled' && r.concurrency === 1)) {
      Object.assign(r, { status: 'errored', error: 'setup failed', ops: 0, throughput: 0, latencyMs: null });
    }
    const spec = chartSpecs(echo).find((c) => c.kind === 'throughput')!;
    assert.deepEqual(spec.config.data.datasets[1]!.data, [null, spec.config.data.datasets[1]!.data[1]]);
    assert.match(String(spec.config.options?.plugins?.subtitle?.text), /errored = every trial failed/);
    // only this scenario's charts: drawing the others would only cost time
    const png = renderCharts({ ...copy, scenarios: [echo] }).find(
      (c) => c.file === 'tcp-echo-throughput.png',
    )!.png;
    assert.ok((await decode(png)).near('#B00020') > 0.0001, 'the red "errored" mark is drawn');
  });

  it('uses a log scale when latencies span orders of magnitude', () => {
    const latency = specs.find((s) => s.file === 'postgres-crud-latency.png')!;
    const y = latency.config.options?.scales?.y;
    assert.equal(y && 'type' in y ? y.type : undefined, 'logarithmic');
  });
});
