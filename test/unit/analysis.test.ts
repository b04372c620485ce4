// The analysis layer on its own: statistics over trials, run points and their keys, comparisons paired trial
// by trial, and the metrics the gate and the trend export read. Expected values are worked out by hand.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRuns } from '../../src/analysis/comparisons.js';
import { extractMetrics, metricKey } from '../../src/analysis/metrics.js';
import {
  comparePoints,
  describeParams,
  loadPointKey,
  pointOf,
  runPoint,
  runPointKey,
} from '../../src/analysis/run-point.js';
import { median, spread, stat } from '../../src/analysis/stats.js';
import type { RunResult } from '../../src/model/result.js';
import { loadFixture, scenario } from '../fixtures/load.js';

function run(
  variant: string,
  trial: number,
  throughput: number,
  p50: number,
  extra: Partial<RunResult> = {},
) {
  const latency = { count: 1, min: p50, mean: p50, p50, p95: p50, p99: p50 * 2, p999: p50 * 2, max: p50 * 2 };
  return {
    variant,
    concurrency: 10,
    trial,
    status: 'completed',
    ops: throughput,
    errors: 0,
    errorKinds: {},
    durationS: 1,
    throughput,
    latencyMs: latency,
    ...extra,
  } satisfies RunResult;
}

describe('stats', () => {
  it('takes the median of odd and even counts, NaN of none', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('gives the min-max beside the median, and no Stat for no trials', () => {
    assert.deepEqual(stat([5, 1, 3]), { median: 3, min: 1, max: 5, n: 3 });
    assert.equal(stat([]), undefined);
    assert.deepEqual(spread([5, 1, 3]), { median: 3, range: [1, 5] });
  });
});

describe('run points', () => {
  it('names swept options in one order whatever order they came in', () => {
    assert.equal(describeParams({ records: 5, poolSize: 10 }), 'poolSize=10 records=5');
    assert.equal(describeParams({ poolSize: 10, records: 5 }), 'poolSize=10 records=5');
    assert.equal(describeParams(undefined), '');
  });

  it('keeps only the fields of a point, leaving absent ones and empty options out', () => {
    const r = run('pooled', 2, 100, 1, { params: {}, rate: 500, phase: 'read' });
    assert.deepEqual(pointOf(r), { concurrency: 10, rate: 500 });
    assert.deepEqual(runPoint(r), { variant: 'pooled', concurrency: 10, rate: 500, phase: 'read' });
  });

  it('gives trials of one variant at one point the same key, and tells points, phases, variants apart', () => {
    const a = run('pooled', 1, 100, 1, { params: { poolSize: 5 } });
    assert.equal(runPointKey(a), runPointKey(run('pooled', 2, 90, 2, { params: { poolSize: 5 } })));
    assert.notEqual(runPointKey(a), runPointKey({ ...a, variant: 'unpooled' }));
    assert.notEqual(runPointKey(a), runPointKey({ ...a, phase: 'read' }));
    assert.notEqual(runPointKey(a), runPointKey({ ...a, params: { poolSize: 50 } }));
    assert.notEqual(loadPointKey(a), loadPointKey({ ...a, rate: 10 }));
    const elsewhere = { ...a, variant: 'unpooled', phase: 'read' };
    assert.equal(loadPointKey(a), loadPointKey(elsewhere));
  });

  it('orders points by rate, then concurrency, then swept values as numbers', () => {
    const points = [
      { concurrency: 10, params: { poolSize: 50 } },
      { concurrency: 10, params: { poolSize: 5 } },
      { concurrency: 1, rate: 200 },
      { concurrency: 50 },
    ];
    assert.deepEqual([...points].sort(comparePoints), [points[1], points[0], points[3], points[2]]);
  });
});

describe('compareRuns', () => {
  it('pairs each trial with the baseline trial of the same number and takes the median ratio', () => {
    const runs = [
      run('unpooled', 1, 100, 10),
      run('unpooled', 2, 200, 10),
      run('unpooled', 3, 100, 20),
      run('pooled', 1, 1000, 1),
      run('pooled', 2, 1000, 2),
      run('pooled', 3, 300, 1),
    ];
    const [c, ...rest] = compareRuns(runs, 'unpooled');
    assert.equal(rest.length, 0);
    // throughput ratios per trial: 10, 5, 3; p50 ratios: 10, 5, 20
    assert.deepEqual(
      { ...c },
      {
        baseline: 'unpooled',
        variant: 'pooled',
        concurrency: 10,
        throughputRatio: 5,
        throughputRatioRange: [3, 10],
        p50Ratio: 10,
        p50RatioRange: [5, 20],
        p99Ratio: 10,
        p99RatioRange: [5, 20],
      },
    );
  });

  it('leaves out trials without a partner and errored ones, and compares a pipeline in its unit', () => {
    const unit = (throughput: number) => ({ name: 'commands', perOp: 50, throughput });
    const runs = [
      run('unpooled', 1, 100, 10),
      run('unpooled', 2, 100, 10, { status: 'errored', latencyMs: null }),
      run('pipeline-50', 1, 40, 10, { unit: unit(2000) }),
      run('pipeline-50', 2, 40, 10, { unit: unit(2000) }),
    ];
    const [c] = compareRuns(runs, 'unpooled');
    assert.equal(c!.throughputRatio, 20);
    assert.deepEqual(c!.throughputRatioRange, [20, 20]);
  });
});

describe('extractMetrics', () => {
  const result = loadFixture('result');
  const metrics = extractMetrics(result);

  it('offers three ratios per comparison and three absolute figures per variant and point', () => {
    const pg = scenario(result, 'postgres-crud');
    const echo = scenario(result, 'tcp-echo');
    const ratios = metrics.filter((m) => m.kind === 'ratio');
    assert.equal(ratios.length, 3 * (pg.comparisons.length + echo.comparisons.length));
    const points = new Set(
      result.scenarios.flatMap((s) =>
        s.runs.filter((r) => r.status === 'completed' && r.latencyMs).map((r) => `${s.id} ${runPointKey(r)}`),
      ),
    );
    assert.equal(metrics.length - ratios.length, 3 * points.size);
  });

  it('names each metric the way the gate and github-action-benchmark show it', () => {
    const p99 = metrics.find(
      (m) => m.scenario === 'tcp-echo' && m.variant === 'pooled' && m.metric === 'p99',
    );
    assert.ok(p99);
    assert.equal(metricKey(p99), `tcp-echo pooled c=${p99.concurrency} p99`);
    assert.equal(
      metricKey({ ...p99, phase: 'read', rate: 500, params: { poolSize: 5 } }),
      'tcp-echo pooled read rate=500 poolSize=5 p99',
    );
  });
});
