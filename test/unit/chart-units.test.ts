// A pipeline beside single-command variants: every chart it appears in plots it in commands/s (its unit
// named on the axis and in the legend), not in batches per second; latency stays per op, per batch named.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartDataset } from 'chart.js';
import type { ScenarioResult } from '../../src/model/result.js';
import { cellsOf } from '../../src/report/aggregate.js';
import { type ChartSpec, chartSpecs } from '../../src/report/charts/specs.js';
import { loadFixture, median, runsOf, scenario } from '../fixtures/load.js';

const redis = scenario(loadFixture('result-sweep'), 'redis');
const PIPELINE = 'pipeline-50';
const THROUGHPUT_KINDS = ['throughput', 'scaling', 'grid-throughput'];

function datasets(spec: ChartSpec): ChartDataset[] {
  return spec.config.data.datasets as ChartDataset[];
}

function yTitle(spec: ChartSpec): string {
  const y = spec.config.options?.scales?.y as { title?: { text?: string } } | undefined;
  return y?.title?.text ?? '';
}

/** The same runs swept over two pool sizes, so the grid charts are drawn too. */
function swept(s: ScenarioResult): ScenarioResult {
  return { ...s, runs: [5, 10].flatMap((poolSize) => s.runs.map((r) => ({ ...r, params: { poolSize } }))) };
}

describe('charts of a scenario with a pipeline', () => {
  const specs = [...chartSpecs(redis), ...chartSpecs(swept(redis)).filter((c) => c.kind.startsWith('grid-'))];

  it('draws every chart kind this test means to check', () => {
    const kinds = new Set(specs.map((c) => c.kind));
    for (const kind of [...THROUGHPUT_KINDS, 'latency', 'grid-p99']) assert.ok(kinds.has(kind), kind);
  });

  it('plots throughput in commands/s, named on the axis, for the pipeline and the single-command variants', () => {
    const top = Math.max(...redis.runs.map((r) => r.concurrency));
    for (const spec of specs.filter((c) => THROUGHPUT_KINDS.includes(c.kind))) {
      assert.match(yTitle(spec), /commands\/s/, spec.kind);
      const pipeline = datasets(spec).find((d) => d.label?.startsWith(PIPELINE));
      assert.ok(pipeline, spec.kind);
      assert.match(pipeline.label ?? '', /commands\/s, 50 per op/, spec.kind);
      const unpooled = datasets(spec).find((d) => d.label?.startsWith('unpooled'));
      assert.equal(
        unpooled?.label?.startsWith('unpooled ('),
        false,
        'a single-command variant needs no note',
      );
      if (spec.kind !== 'scaling') continue;
      // the scaling chart's points are the load points in order: the last one is the top concurrency
      const expected = median(
        runsOf(redis, { variant: PIPELINE, concurrency: top }).map((r) => r.unit!.throughput),
      );
      assert.equal((pipeline.data as number[]).at(-1), expected);
    }
  });

  it('keeps latency per op, naming the batch in the legend', () => {
    for (const spec of specs.filter((c) => c.kind === 'latency' || c.kind === 'grid-p99')) {
      const pipeline = datasets(spec).filter((d) => d.label?.startsWith(PIPELINE));
      assert.ok(pipeline.length > 0, spec.kind);
      for (const d of pipeline) assert.match(d.label ?? '', /per batch of 50/, spec.kind);
    }
  });

  it('leaves a scenario without units in ops/s', () => {
    const echo = scenario(loadFixture('result'), 'tcp-echo');
    const spec = chartSpecs(echo).find((c) => c.kind === 'throughput')!;
    assert.match(yTitle(spec), /ops\/s/);
    assert.ok(cellsOf(echo).every((c) => !c.unit));
  });
});
