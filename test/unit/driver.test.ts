// The driver against fake scenarios whose ops sleep a known time: throughput, percentiles, warm-up,
// errors, trials, phases, pool metrics and recovery. No protocol involved.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { findScenario } from '../../scenarios/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import {
  defineScenario,
  option,
  type Scenario,
  type Session,
  type VariantRun,
} from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 600, warmupMs: 0, ...over });

function fakeScenario(variants: Record<string, () => Promise<VariantRun>>, extra: Session = {}): Scenario {
  return defineScenario({
    id: 'fake',
    description: 'fake scenario for driver tests',
    open: async () => ({ target: { description: 'nothing', embedded: true }, ...extra }),
    variants: Object.fromEntries(Object.entries(variants).map(([name, make]) => [name, () => make()])),
  });
}

const sleeper =
  (ms: number): (() => Promise<VariantRun>) =>
  async () => ({
    op: () => sleep(ms),
    async teardown() {},
  });

const signal = new AbortController().signal;

describe('closed-loop driver', () => {
  it('measures throughput and percentiles of an op with a known latency', async () => {
    const result = await runScenario(fakeScenario({ unpooled: sleeper(10) }), {}, {}, settings(), signal);
    const [run] = result.runs;
    assert.ok(run);
    assert.equal(run.status, 'completed');
    // 4 workers each doing ~10 ms ops: ~400 ops/s; timers overshoot a little, never undershoot.
    assert.ok(run.throughput > 250 && run.throughput <= 410, `throughput ${run.throughput}`);
    // libuv timers count from the loop's cached start time, so a 10 ms sleep can measure a little under 10 ms.
    assert.ok(run.latencyMs!.p50 >= 9 && run.latencyMs!.p50 < 16, `p50 ${run.latencyMs!.p50}`);
    assert.ok(run.latencyMs!.min >= 8, `min ${run.latencyMs!.min}`);
    assert.ok(run.latencyMs!.p99 >= run.latencyMs!.p50);
    assert.equal(run.latencyMs!.count, run.ops);
    assert.ok(Math.abs(run.durationS - 0.6) < 0.1, `duration ${run.durationS}`);
  });

  it('runs exactly -n ops when given a count, each iteration once', async () => {
    const seen = new Set<number>();
    const result = await runScenario(
      fakeScenario({
        unpooled: async () => ({
          async op(info) {
            seen.add(info.iteration);
            await sleep(1);
          },
          async teardown() {},
        }),
      }),
      {},
      {},
      settings({ durationMs: undefined, ops: 57 }),
      signal,
    );
    assert.equal(result.runs[0]!.ops, 57);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 57 }, (_, i) => i),
    );
  });

  it('excludes the warm-up from the results', async () => {
    let started = 0;
    const slowThenFast = async (): Promise<VariantRun> => {
      const t0 = Date.now();
      return {
        async op() {
          started++;
          // slow (50 ms) during the first 300 ms, then fast (1 ms)
          await sleep(Date.now() - t0 < 300 ? 50 : 1);
        },
        async teardown() {},
      };
    };
    const result = await runScenario(
      fakeScenario({ unpooled: slowThenFast }),
      {},
      {},
      settings({ warmupMs: 400 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.ok(run.latencyMs!.max < 40, `max ${run.latencyMs!.max} ms: warm-up leaked into the results`);
    assert.ok(started > run.ops, 'warm-up ops ran but were not counted');
  });

  it('reports an errored variant with its reason and still runs the others', async () => {
    const result = await runScenario(
      fakeScenario({
        unpooled: sleeper(2),
        broken: async () => {
          throw new Error('cannot connect to the moon');
        },
        failing: async () => ({
          async op() {
            throw Object.assign(new Error('connect EADDRNOTAVAIL 127.0.0.1:1'), { code: 'EADDRNOTAVAIL' });
          },
          async teardown() {},
        }),
      }),
      {},
      {},
      settings({ durationMs: 200 }),
      signal,
    );
    const byVariant = Object.fromEntries(result.runs.map((r) => [r.variant, r]));
    assert.equal(byVariant.unpooled!.status, 'completed');
    assert.equal(byVariant.broken!.status, 'errored');
    assert.match(byVariant.broken!.error!, /setup failed: cannot connect to the moon/);
    assert.equal(byVariant.failing!.status, 'errored');
    assert.ok(byVariant.failing!.errorKinds.EADDRNOTAVAIL! > 0);
    assert.match(byVariant.failing!.errorHints!.EADDRNOTAVAIL!, /ephemeral ports exhausted/);
    // comparisons only against completed runs
    assert.deepEqual(result.comparisons, []);
  });

  it('interleaves variants across trials and compares them trial by trial', async () => {
    const order: string[] = [];
    const tracked = (name: string, ms: number) => async (): Promise<VariantRun> => {
      order.push(name);
      return { op: () => sleep(ms), async teardown() {} };
    };
    const result = await runScenario(
      fakeScenario({ unpooled: tracked('A', 8), pooled: tracked('B', 2) }),
      {},
      {},
      settings({ trials: 3, durationMs: 250, concurrency: [2] }),
      signal,
    );
    assert.deepEqual(order, ['A', 'B', 'A', 'B', 'A', 'B']);
    assert.equal(result.runs.length, 6);
    assert.deepEqual(
      result.runs.map((r) => r.trial),
      [1, 1, 2, 2, 3, 3],
    );
    const [cmp] = result.comparisons;
    assert.ok(cmp);
    assert.equal(cmp.variant, 'pooled');
    assert.equal(cmp.baseline, 'unpooled');
    // 8 ms vs ~2 ms sleeps (timer granularity makes it 2.x-4x)
    assert.ok(cmp.throughputRatio > 2 && cmp.throughputRatio < 5, `ratio ${cmp.throughputRatio}`);
    assert.ok(
      cmp.throughputRatioRange[0] <= cmp.throughputRatio &&
        cmp.throughputRatio <= cmp.throughputRatioRange[1],
    );
    assert.ok(cmp.p50Ratio > 2);
  });

  it('runs phases in order with exact op counts and adds a merged total', async () => {
    const calls: string[] = [];
    const scenario = fakeScenario(
      {
        unpooled: async () => ({
          async op(info) {
            calls.push(`${info.phase}:${info.iteration}`);
            await info.time('connect', () => sleep(1));
          },
          async teardown() {},
        }),
      },
      {
        phases: [
          { name: 'create', ops: 20 },
          { name: 'delete', ops: 20 },
        ],
      },
    );
    const result = await runScenario(scenario, {}, {}, settings({ concurrency: [3], warmupMs: 500 }), signal);
    assert.deepEqual(
      result.runs.map((r) => [r.phase, r.ops]),
      [
        ['create', 20],
        ['delete', 20],
        ['total', 40],
      ],
    );
    assert.equal(calls.length, 40, 'no warm-up ops on phased scenarios');
    assert.ok(calls.slice(0, 20).every((c) => c.startsWith('create:')));
    const total = result.runs[2]!;
    assert.equal(total.latencyMs!.count, 40);
    assert.equal(total.breakdownMs!.connect!.count, 40);
    assert.ok(Math.abs(total.durationS - (result.runs[0]!.durationS + result.runs[1]!.durationS)) < 1e-9);
  });

  it('derives connections opened and reuse rate from the gauges, and calls the midpoint hook once', async () => {
    let created = 0;
    let midpoints = 0;
    const result = await runScenario(
      fakeScenario({
        pooled: async () => {
          created = 2; // opened during setup: not counted in the window
          let served = 0;
          return {
            async op() {
              if (++served % 10 === 0) created++;
              await sleep(1);
            },
            gauges: () => ({ created, total: 2, idle: 2, waiting: 0 }),
            async midpoint() {
              midpoints++;
            },
            async teardown() {},
          };
        },
      }),
      {},
      {},
      settings({ durationMs: undefined, ops: 200 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.pool!.opened, 20);
    assert.equal(run.pool!.reuseRate, 0.9);
    assert.equal(midpoints, 1);
  });

  it('reports how long a variant took to recover from a burst of errors', async () => {
    const result = await runScenario(
      fakeScenario({
        pooled: async () => {
          let broken = false;
          return {
            async op() {
              await sleep(2);
              if (broken) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
            },
            async midpoint() {
              broken = true;
              setTimeout(() => {
                broken = false;
              }, 100);
            },
            async teardown() {},
          };
        },
      }),
      {},
      {},
      settings({ durationMs: 600 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed');
    assert.ok(run.errors > 0);
    assert.ok(run.recovery, 'recovery reported');
    assert.ok(
      run.recovery.recoveryMs! >= 90 && run.recovery.recoveryMs! < 300,
      `recovery ${run.recovery.recoveryMs}`,
    );
    assert.ok(run.recovery.firstErrorAtS > 0.2 && run.recovery.firstErrorAtS < 0.45);
  });

  it('stops at once when aborted and closes the session', async () => {
    const controller = new AbortController();
    let closed = false;
    const scenario = fakeScenario(
      { unpooled: sleeper(5) },
      {
        async close() {
          closed = true;
        },
      },
    );
    setTimeout(() => controller.abort(), 150);
    const t0 = Date.now();
    const result = await runScenario(
      scenario,
      {},
      {},
      settings({ durationMs: 5000, trials: 3 }),
      controller.signal,
    );
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(closed);
    assert.ok(result.runs.length <= 1);
  });
});

describe('histograms', () => {
  it('merging two histograms equals recording all values into one (exact counts and percentiles)', async () => {
    const { newHistogram, recordNs, mergeHistograms, summarize, encodeHistogram, decodeHistogram } =
      await import('../../src/driver/measure/histogram.js');
    const a = newHistogram();
    const b = newHistogram();
    const all = newHistogram();
    for (let i = 1; i <= 5000; i++) {
      const v = (i * 7919) % 100_000_000; // spread over 8 decades
      recordNs(i % 3 === 0 ? a : b, v);
      recordNs(all, v);
    }
    const merged = mergeHistograms([
      decodeHistogram(encodeHistogram(a)),
      decodeHistogram(encodeHistogram(b)),
    ]);
    const m = summarize(merged)!;
    const x = summarize(all)!;
    for (const k of ['count', 'mean', 'p50', 'p95', 'p99', 'p999'] as const) assert.equal(m[k], x[k], k);
    // a merged histogram knows min/max to its bucket's precision (3 significant figures), not the raw value
    assert.ok(Math.abs(m.min - x.min) / x.min < 1e-3 && Math.abs(m.max - x.max) / x.max < 1e-3);

    assert.equal(merged.totalCount, 5000);
  });
});

describe('worker threads', () => {
  it('splits the load over threads, merges histograms and sums counts (noop)', async () => {
    const noop = findScenario('noop')!;
    const result = await runScenario(
      noop,
      {},
      {},
      settings({ concurrency: [4], durationMs: 400, threads: 2 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.perThread?.length, 2);
    const sum = run.perThread!.reduce((s, t) => s + t.ops, 0);
    assert.equal(sum, run.ops);
    assert.equal(run.latencyMs!.count, run.ops, 'merged histogram holds every op of both threads');
    assert.ok(run.perThread!.every((t) => t.ops > 0));
  });

  it('runs exactly -n ops split over threads', async () => {
    const noop = findScenario('noop')!;
    const result = await runScenario(
      noop,
      {},
      {},
      settings({ concurrency: [3], durationMs: undefined, ops: 1001, threads: 2 }),
      signal,
    );
    assert.equal(result.runs[0]!.ops, 1001);
    assert.deepEqual(
      result.runs[0]!.perThread!.map((t) => t.ops),
      [501, 500],
    );
  });
});

describe('option sweeps', () => {
  it('opens the scenario once per swept value, tags runs with it and compares within each', async () => {
    const opened: unknown[] = [];
    const scenario = defineScenario({
      id: 'fake',
      description: 'fake',
      options: {
        poolSize: option.int({ flag: '--pool-size <n>', description: 'the pooled op sleeps this long' }),
      },
      open: async (opts) => {
        opened.push(opts.poolSize);
        return { target: { description: 'fake', embedded: true } };
      },
      variants: {
        unpooled: () => ({ op: () => sleep(6) }),
        pooled: ({ options }) => ({ op: () => sleep(Number(options.poolSize)) }),
      },
    });
    const result = await runScenario(
      scenario,
      { poolSize: 99 },
      {},
      settings({ durationMs: 150, concurrency: [1, 2], sweep: [{ key: 'poolSize', values: [1, 3] }] }),
      signal,
    );
    assert.deepEqual(opened, [1, 3]);
    assert.equal(result.runs.length, 8); // 2 values x 2 concurrencies x 2 variants
    assert.deepEqual(
      result.runs.map((r) => r.params?.poolSize),
      [1, 1, 1, 1, 3, 3, 3, 3],
    );
    assert.equal(result.comparisons.length, 4);
    const fast = result.comparisons.find((c) => c.params?.poolSize === 1 && c.concurrency === 1)!;
    const slow = result.comparisons.find((c) => c.params?.poolSize === 3 && c.concurrency === 1)!;
    assert.ok(
      fast.throughputRatio > slow.throughputRatio,
      'each comparison stays within its own sweep point',
    );
  });
});
