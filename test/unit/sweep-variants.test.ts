// A swept option applies only to the variants that read it (its spec's usedBy): the others run once per load
// point, are compared with every swept value, and draw one line in the sweep grid.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../../src/driver/run-scenario.js';
import { sweepSteps } from '../../src/driver/sweep-variants.js';
import { chartSpecs } from '../../src/report/charts/specs.js';
import { defineScenario, option } from '../../src/scenario/index.js';
import { testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;

function fakeScenario(opened: unknown[]) {
  return defineScenario({
    id: 'fake',
    description: 'fake',
    options: {
      poolSize: option.int({ flag: '--pool-size <n>', description: 'pool size', usedBy: ['pooled'] }),
      records: option.int({ flag: '--records <n>', description: 'records', default: 1 }),
    },
    open: async (opts) => {
      opened.push(opts.poolSize);
      return { target: { description: 'fake', embedded: true } };
    },
    variants: {
      unpooled: () => ({ op: () => Promise.resolve() }),
      pooled: () => ({ op: () => Promise.resolve() }),
    },
  });
}

describe('a swept option applies only to the variants that use it', () => {
  it('plans the variants that ignore it under its first value only', () => {
    const steps = sweepSteps(fakeScenario([]), ['unpooled', 'pooled'], [{ poolSize: 5 }, { poolSize: 10 }]);
    assert.deepEqual(steps, [
      {
        params: { poolSize: 5 },
        variants: [
          { name: 'unpooled', params: {} },
          { name: 'pooled', params: { poolSize: 5 } },
        ],
      },
      { params: { poolSize: 10 }, variants: [{ name: 'pooled', params: { poolSize: 10 } }] },
    ]);
  });

  it('keeps an option every variant reads for all of them, beside one only some read', () => {
    const combos = [5, 10].flatMap((poolSize) => [1, 2].map((records) => ({ poolSize, records })));
    const steps = sweepSteps(fakeScenario([]), ['unpooled', 'pooled'], combos);
    const runs = steps.flatMap((s) => s.variants.map((v) => `${v.name} ${JSON.stringify(v.params)}`));
    assert.deepEqual(runs, [
      'unpooled {"records":1}',
      'pooled {"poolSize":5,"records":1}',
      'unpooled {"records":2}',
      'pooled {"poolSize":5,"records":2}',
      'pooled {"poolSize":10,"records":1}',
      'pooled {"poolSize":10,"records":2}',
    ]);
  });

  it('runs the others once per load point, compares them with every value, draws them as one line', async () => {
    const opened: unknown[] = [];
    const result = await runScenario(
      fakeScenario(opened),
      { poolSize: 99, records: 1 },
      {},
      testSettings({
        durationMs: 30,
        concurrency: [1, 2],
        sweep: [{ key: 'poolSize', values: [1, 3, 5] }],
      }),
      signal,
    );
    assert.deepEqual(opened, [1, 3, 5]);
    const unpooled = result.runs.filter((r) => r.variant === 'unpooled');
    assert.equal(unpooled.length, 2, 'once per concurrency, not once per pool size');
    assert.ok(unpooled.every((r) => r.params === undefined));
    const pooled = result.runs.filter((r) => r.variant === 'pooled');
    assert.deepEqual(pooled.map((r) => `${r.concurrency}/${r.params?.poolSize}`).sort(), [
      '1/1',
      '1/3',
      '1/5',
      '2/1',
      '2/3',
      '2/5',
    ]);
    assert.equal(
      result.comparisons.length,
      6,
      'every pooled point against the unpooled run of its concurrency',
    );

    const specs = chartSpecs(result);
    for (const kind of ['grid-throughput', 'grid-p99']) {
      const grid = specs.find((s) => s.kind === kind)!;
      const labels = grid.config.data.datasets.map((d) => d.label);
      assert.deepEqual(labels, [
        'unpooled (does not use poolSize)',
        'pooled poolSize=1',
        'pooled poolSize=3',
        'pooled poolSize=5',
      ]);
      const line = grid.config.data.datasets[0]!.data;
      assert.ok(
        line.every((v) => typeof v === 'number'),
        'the one line has a point at every concurrency',
      );
    }
    // Bars group by the swept points; the variant that ran once is drawn in each group it belongs to.
    const bars = specs.find((s) => s.kind === 'throughput')!;
    assert.equal(bars.config.data.labels?.length, 6);
    const unpooledBars = bars.config.data.datasets.find((d) => d.label?.startsWith('unpooled'))!;
    assert.ok(unpooledBars.data.every((v) => typeof v === 'number'));
  });
});
