// The driver against fake scenarios whose ops wait a known time on a virtual clock: throughput,
// percentiles, warm-up, errors, trials, phases, pool metrics, recovery and Ctrl-C. No protocol involved,
// no sleeps: each figure is the same on every run, so the assertions are exact. (The driver on worker
// threads, which run on the real clock, is tested in test/integration/threads.test.ts.)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import {
  defineScenario,
  option,
  type Scenario,
  type Session,
  type VariantRun,
} from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';
import { virtualInstruments } from '../helpers/virtual-clock.js';

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

const signal = new AbortController().signal;

/** A fresh virtual clock, what waits on it, and the driver run on it. */
function virtual() {
  const instruments = virtualInstruments();
  const { clock } = instruments;
  return {
    clock,
    sleep: (ms: number) => clock.sleep(ms),
    sleeper:
      (ms: number): (() => Promise<VariantRun>) =>
      async () => ({
        op: () => clock.sleep(ms),
        async teardown() {},
      }),
    measure: (scenario: Scenario, s: DriverSettings, sig = signal, options = {}) =>
      runScenario(scenario, options, {}, s, sig, {}, instruments),
  };
}

/** Within a relative tolerance (HDR histograms keep 3 significant figures). */
const near = (actual: number, expected: number, tolerance = 0.002) =>
  assert.ok(Math.abs(actual - expected) <= expected * tolerance, `${actual}, expected ~${expected}`);

describe('closed-loop driver', () => {
  it('measures throughput and percentiles of an op with a known latency', async () => {
    const { sleeper, measure } = virtual();
    const result = await measure(fakeScenario({ unpooled: sleeper(10) }), settings());
    const [run] = result.runs;
    assert.ok(run);
    assert.equal(run.status, 'completed');
    // 4 workers each doing 10 ms ops for 600 ms: 60 ops each, 400 ops/s
    assert.equal(run.ops, 240);
    assert.equal(run.durationS, 0.6);
    assert.equal(run.throughput, 400);
    near(run.latencyMs!.p50, 10);
    near(run.latencyMs!.min, 10);
    near(run.latencyMs!.p99, 10);
    assert.equal(run.latencyMs!.count, run.ops);
  });

  it('runs exactly -n ops when given a count, each iteration once', async () => {
    const { sleep, measure } = virtual();
    const seen = new Set<number>();
    const result = await measure(
      fakeScenario({
        unpooled: async () => ({
          async op(info) {
            seen.add(info.iteration);
            await sleep(1);
          },
          async teardown() {},
        }),
      }),
      settings({ durationMs: undefined, ops: 57 }),
    );
    assert.equal(result.runs[0]!.ops, 57);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 57 }, (_, i) => i),
    );
  });

  it('excludes the warm-up from the results', async () => {
    const { clock, measure } = virtual();
    let started = 0;
    const slowThenFast = async (): Promise<VariantRun> => {
      const t0 = clock.now();
      return {
        async op() {
          started++;
          // slow (50 ms) during the first 300 ms, then fast (1 ms)
          await clock.sleep(clock.now() - t0 < 300_000_000n ? 50 : 1);
        },
        async teardown() {},
      };
    };
    const result = await measure(fakeScenario({ unpooled: slowThenFast }), settings({ warmupMs: 400 }));
    const run = result.runs[0]!;
    near(run.latencyMs!.max, 1);
    assert.equal(run.ops, 4 * 600);
    // 4 workers: 6 slow ops each in the first 300 ms, then 100 fast ones (and the one that crosses 400 ms)
    assert.equal(started - run.ops, 4 * (6 + 100), 'warm-up ops ran but were not counted');
  });

  it('reports an errored variant with its reason and still runs the others', async () => {
    const { sleep, sleeper, measure } = virtual();
    const result = await measure(
      fakeScenario({
        unpooled: sleeper(2),
        broken: async () => {
          throw new Error('cannot connect to the moon');
        },
        failing: async () => ({
          async op() {
            await sleep(1);
            throw Object.assign(new Error('connect EADDRNOTAVAIL 127.0.0.1:1'), { code: 'EADDRNOTAVAIL' });
          },
          async teardown() {},
        }),
      }),
      settings({ durationMs: 200 }),
    );
    const byVariant = Object.fromEntries(result.runs.map((r) => [r.variant, r]));
    assert.equal(byVariant.unpooled!.status, 'completed');
    assert.equal(byVariant.broken!.status, 'errored');
    assert.match(byVariant.broken!.error!, /setup failed: cannot connect to the moon/);
    assert.equal(byVariant.failing!.status, 'errored');
    assert.equal(byVariant.failing!.errorKinds.EADDRNOTAVAIL, 4 * 200);
    assert.match(byVariant.failing!.errorHints!.EADDRNOTAVAIL!, /ephemeral ports exhausted/);
    // comparisons only against completed runs
    assert.deepEqual(result.comparisons, []);
  });

  it('interleaves variants across trials and compares them trial by trial', async () => {
    const { sleep, measure } = virtual();
    const order: string[] = [];
    const tracked = (name: string, ms: number) => async (): Promise<VariantRun> => {
      order.push(name);
      return { op: () => sleep(ms), async teardown() {} };
    };
    const result = await measure(
      fakeScenario({ unpooled: tracked('A', 8), pooled: tracked('B', 2) }),
      settings({ trials: 3, durationMs: 250, concurrency: [2] }),
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
    // 8 ms vs 2 ms ops: 4x the throughput, a quarter of the latency, in every trial
    near(cmp.throughputRatio, 4);
    assert.deepEqual(cmp.throughputRatioRange, [cmp.throughputRatio, cmp.throughputRatio]);
    near(cmp.p50Ratio, 4);
  });

  it('runs phases in order with exact op counts and adds a merged total', async () => {
    const { sleep, measure } = virtual();
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
    const result = await measure(scenario, settings({ concurrency: [3], warmupMs: 500 }));
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
    near(total.breakdownMs!.connect!.p99, 1);
    assert.ok(Math.abs(total.durationS - (result.runs[0]!.durationS + result.runs[1]!.durationS)) < 1e-9);
  });

  it('derives connections opened and reuse rate from the gauges, and calls the midpoint hook once', async () => {
    const { sleep, measure } = virtual();
    let created = 0;
    let midpoints = 0;
    const result = await measure(
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
      settings({ durationMs: undefined, ops: 200 }),
    );
    const run = result.runs[0]!;
    assert.equal(run.pool!.opened, 20);
    assert.equal(run.pool!.reuseRate, 0.9);
    assert.equal(midpoints, 1);
  });

  it('reports how long a variant took to recover from a burst of errors', async () => {
    const { clock, sleep, measure } = virtual();
    const result = await measure(
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
              clock.after(100, () => {
                broken = false;
              });
            },
            async teardown() {},
          };
        },
      }),
      settings({ durationMs: 600 }),
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed');
    // broken from 300 ms (the midpoint) to 400 ms: the 4 workers' 2 ms ops ending at 300..398 fail (timers
    // due at one instant fire in the order they were set: the midpoint's before the ops' ends at 300, the
    // repair before them at 400), so the first success after the burst is 100 ms after the first error
    assert.equal(run.errors, 4 * 50);
    assert.ok(run.recovery, 'recovery reported');
    assert.equal(run.recovery.firstErrorAtS, 0.3);
    assert.equal(run.recovery.lastErrorAtS, 0.398);
    assert.equal(run.recovery.recoveryMs, 100);
  });

  it('stops at once when aborted and closes the session', async () => {
    const { clock, sleeper, measure } = virtual();
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
    clock.after(150, () => controller.abort());
    const result = await measure(scenario, settings({ durationMs: 5000, trials: 3 }), controller.signal);
    assert.ok(closed);
    assert.equal(result.runs.length, 1);
    // the ops in flight finish; no new one starts after the abort
    assert.equal(result.runs[0]!.ops, 4 * 30);
    assert.equal(clock.now(), 150_000_000n);
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

describe('option sweeps', () => {
  it('opens the scenario once per swept value, tags runs with it and compares within each', async () => {
    const { sleep, measure } = virtual();
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
    const result = await measure(
      scenario,
      settings({ durationMs: 150, concurrency: [1, 2], sweep: [{ key: 'poolSize', values: [1, 3] }] }),
      signal,
      { poolSize: 99 },
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
    // each comparison stays within its own sweep point: 6 ms vs 1 ms ops, and 6 ms vs 3 ms
    near(fast.throughputRatio, 6);
    near(slow.throughputRatio, 2);
  });
});
