// The fixed-rate load model on a virtual clock, against fake targets: one that stalls 200 ms once a second
// (the corrected latency must show the stall the closed loop hides: coordinated omission), one well below
// capacity (the rate is met), one slower than the in-flight limit allows (ops dropped, counted), and a
// generator that burns CPU (ops start late, the generator reports itself saturated). No sleeps: the
// figures are the same on every run.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { defineScenario, type Scenario, type VariantRun } from '../../src/scenario/index.js';
import { type VirtualClock, virtualInstruments } from '../helpers/virtual-clock.js';

const signal = new AbortController().signal;

function scenarioWith(makeRun: () => VariantRun): Scenario {
  return defineScenario({
    id: 'fake',
    description: 'fake',
    open: async () => ({ target: { description: 'fake', embedded: true } }),
    variants: { unpooled: () => makeRun() },
  });
}

/** A server that answers in 1 ms but stalls for 200 ms once a second (from 500 ms into each second). */
function stallingTarget(clock: VirtualClock): () => VariantRun {
  return () => {
    const t0 = clock.now();
    return {
      async op() {
        const phase = (Number(clock.now() - t0) / 1e6) % 1000;
        if (phase >= 500 && phase < 700) await clock.sleep(700 - phase);
        await clock.sleep(1);
      },
    };
  };
}

const base: DriverSettings = {
  durationMs: 2000,
  warmupMs: 0,
  trials: 1,
  microTimeMs: 0,
  experiments: false,
  load: { kind: 'closed', concurrency: [1] },
};

const atRate = (rate: number, maxInFlight = 1000, arrival: 'uniform' | 'poisson' = 'uniform') =>
  ({ kind: 'fixed-rate', rates: [rate], arrival, maxInFlight, concurrency: [1] }) as const;

/** Runs the fake scenario on a fresh virtual clock. */
async function measure(make: (clock: VirtualClock) => () => VariantRun, settings: DriverSettings) {
  const instruments = virtualInstruments();
  return runScenario(scenarioWith(make(instruments.clock)), {}, {}, settings, signal, {}, instruments);
}

describe('fixed-rate load model', () => {
  it('charges a stall to every op that should have been sent (corrected p99 >= ~200 ms), the closed loop does not', async () => {
    const closed = await measure(stallingTarget, base);
    const rate = await measure(stallingTarget, { ...base, load: atRate(100) });
    const closedRun = closed.runs[0]!;
    const rateRun = rate.runs[0]!;
    assert.equal(closedRun.load?.model, 'closed');
    assert.ok(
      closedRun.latencyMs!.p99 < 50,
      `closed-loop p99 ${closedRun.latencyMs!.p99} ms hides the stall`,
    );
    assert.equal(rateRun.load?.model, 'rate');
    assert.equal(rateRun.rate, 100);
    // 20 of every 100 ops/s fall into the 200 ms stall; the worst waited close to 200 ms.
    assert.ok(rateRun.latencyMs!.p99 >= 150, `corrected p99 ${rateRun.latencyMs!.p99} ms`);
    assert.ok(rateRun.latencyMs!.max >= 180);
    // service time from the actual start is what the closed loop sees: short for ops that start after
    // the stall, long only for those caught in it
    assert.ok(rateRun.serviceTimeMs, 'service time kept beside corrected latency');
    assert.ok(rateRun.serviceTimeMs.p50 < 2, `service p50 ${rateRun.serviceTimeMs.p50} ms`);
  });

  it('achieves the target rate when it is well below capacity, uniform and poisson, no op late', async () => {
    for (const arrival of ['uniform', 'poisson'] as const) {
      const result = await measure((clock) => () => ({ op: () => clock.sleep(1) }), {
        ...base,
        durationMs: 1500,
        load: atRate(400, 1000, arrival),
      });
      const run = result.runs[0]!;
      assert.ok(run.load?.model === 'rate');
      const achieved = run.load.achievedRate;
      // uniform: exactly one op each 2.5 ms; a seeded Poisson count over 1.5 s varies by ~4 %
      if (arrival === 'uniform') assert.equal(achieved, 400);
      else assert.ok(Math.abs(achieved - 400) / 400 < 0.1, `${arrival}: achieved ${achieved} ops/s`);
      assert.equal(run.load.dropped, 0);
      assert.equal(run.load.late, 0, `${arrival}: ops started late`);
      assert.equal(run.generator!.lateShare, 0);
      assert.equal(run.generator!.saturated, false);
      assert.equal(run.load.started, run.ops + run.errors);
      assert.equal(run.errors, 0);
    }
  });

  it('counts ops dropped at the in-flight limit instead of queueing them silently', async () => {
    const result = await measure((clock) => () => ({ op: () => clock.sleep(100) }), {
      ...base,
      durationMs: 1000,
      load: atRate(200, 5),
    });
    const run = result.runs[0]!;
    assert.ok(run.load?.model === 'rate');
    // 200 due; 5 at a time, each 100 ms: 5 of every 20 start, the rest are dropped
    assert.equal(run.load.started + run.load.dropped, 200);
    assert.equal(run.load.started, 50);
    assert.ok(result.warnings.some((w) => /150 ops dropped at the in-flight limit \(5\)/.test(w)));
  });

  it('counts ops started late when the generator falls behind, and says it is saturated (late share)', async () => {
    // each op burns 4 ms of CPU before its I/O, due every 2.5 ms: the generator cannot keep up
    const burning = (clock: VirtualClock) => () => ({
      async op() {
        clock.burn(4);
        await clock.sleep(1);
      },
    });
    const result = await measure(burning, { ...base, durationMs: 500, load: atRate(400) });
    const run = result.runs[0]!;
    assert.ok(run.load?.model === 'rate');
    const lateShare = run.generator!.lateShare!;
    assert.equal(lateShare, run.load.late / run.load.started);
    assert.ok(lateShare > 0.5, `late share ${lateShare}`);
    assert.equal(run.generator!.saturated, true);
    assert.ok(
      result.warnings.some((w) =>
        /load generator saturated \(\d+ % of ops started more than 1 ms late/.test(w),
      ),
    );
  });

  it('a burst that starts a few ops 1 ms late stays below the saturation share', async () => {
    // one op in 50 burns 5 ms: the op due 2.5 ms after it starts 2.5 ms late, 2 % of all
    const sometimes = (clock: VirtualClock) => () => ({
      async op(info: { iteration: number }) {
        if (info.iteration % 50 === 0) clock.burn(5);
        await clock.sleep(1);
      },
    });
    const result = await measure(sometimes, { ...base, durationMs: 1000, load: atRate(400) });
    const run = result.runs[0]!;
    assert.ok(run.load?.model === 'rate');
    assert.equal(run.load.late, run.load.started / 50);
    assert.ok(run.generator!.lateShare! < 0.05, `late share ${run.generator!.lateShare}`);
    assert.equal(run.generator!.saturated, false);
  });

  it('warns when the generator itself is saturated (a CPU-burning op, closed loop)', async () => {
    const burn = (clock: VirtualClock) => () => ({
      async op() {
        clock.burn(2);
      },
    });
    const result = await measure(burn, { ...base, durationMs: 500 });
    const run = result.runs[0]!;
    assert.ok(run.generator!.eventLoopUtilization > 0.9, `event loop ${run.generator!.eventLoopUtilization}`);
    assert.equal(run.generator!.saturated, true);
    assert.ok(result.warnings.some((w) => /load generator saturated/.test(w)));
  });

  it('does not flag an idle generator', async () => {
    const result = await measure((clock) => () => ({ op: () => clock.sleep(5) }), {
      ...base,
      durationMs: 500,
    });
    assert.equal(result.runs[0]!.generator!.saturated, false);
    assert.ok(result.runs[0]!.generator!.eventLoopUtilization < 0.5);
    assert.deepEqual(result.warnings, []);
  });
});
