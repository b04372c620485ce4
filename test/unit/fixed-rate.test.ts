// The fixed-rate load model against a fake target that stalls 200 ms once a second: the corrected latency
// must show the stall that the closed loop hides (coordinated omission); rates are met; a CPU-bound op
// makes the generator report itself as saturated.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { defineScenario, type Scenario, type VariantRun } from '../../src/scenario/index.js';

const signal = new AbortController().signal;

function scenarioWith(makeRun: () => VariantRun): Scenario {
  return defineScenario({
    id: 'fake',
    description: 'fake',
    open: async () => ({ target: { description: 'fake', embedded: true } }),
    variants: { unpooled: () => makeRun() },
  });
}

/** A server that answers in ~1 ms but stalls for 200 ms once a second (from 500 ms into each second). */
function stallingTarget(): VariantRun {
  const t0 = performance.now();
  return {
    async op() {
      const phase = (performance.now() - t0) % 1000;
      if (phase >= 500 && phase < 700) await sleep(700 - phase);
      await sleep(1);
    },
    async teardown() {},
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

describe('fixed-rate load model', () => {
  it('charges a stall to every op that should have been sent (corrected p99 >= ~200 ms), the closed loop does not', async () => {
    const closed = await runScenario(scenarioWith(stallingTarget), {}, {}, base, signal);
    const rate = await runScenario(
      scenarioWith(stallingTarget),
      {},
      {},
      { ...base, load: { kind: 'fixed-rate', rates: [100], arrival: 'uniform', maxInFlight: 1000 } },
      signal,
    );
    const closedRun = closed.runs[0]!;
    const rateRun = rate.runs[0]!;
    assert.equal(closedRun.load?.model, 'closed');
    assert.ok(
      closedRun.latencyMs!.p99 < 50,
      `closed-loop p99 ${closedRun.latencyMs!.p99} ms hides the stall`,
    );
    assert.equal(rateRun.load?.model, 'rate');
    assert.equal(rateRun.rate, 100);
    // ~40 of every 100 ops/s fall into the 200 ms stall; the worst waited close to 200 ms.
    assert.ok(rateRun.latencyMs!.p99 >= 150, `corrected p99 ${rateRun.latencyMs!.p99} ms`);
    assert.ok(rateRun.latencyMs!.max >= 180);
    // service time from the actual start is what the closed loop sees: the stall only once per op in it
    assert.ok(rateRun.serviceTimeMs, 'service time kept beside corrected latency');
  });

  it('achieves the target rate within 5 % when it is well below capacity, uniform and poisson', async () => {
    for (const arrival of ['uniform', 'poisson'] as const) {
      const result = await runScenario(
        scenarioWith(() => ({ op: () => sleep(1), async teardown() {} })),
        {},
        {},
        { ...base, durationMs: 1500, load: { kind: 'fixed-rate', rates: [400], arrival, maxInFlight: 1000 } },
        signal,
      );
      const run = result.runs[0]!;
      assert.ok(run.load?.model === 'rate');
      const achieved = run.load.achievedRate;
      const tolerance = arrival === 'poisson' ? 0.1 : 0.05; // a Poisson count over 1.5 s varies by ~4 %
      assert.ok(Math.abs(achieved - 400) / 400 < tolerance, `${arrival}: achieved ${achieved} ops/s`);
      assert.equal(run.load.dropped, 0);
      // the scheduler spins between ops: a busy event loop is expected; what counts is ops starting late
      // (a few are, here: node:test's async hooks slow every promise down)
      assert.ok(run.generator!.lateShare! < 0.1, `${arrival}: late share ${run.generator!.lateShare}`);

      assert.equal(run.load.started, run.ops + run.errors);

      assert.equal(run.errors, 0);
    }
  });

  it('counts ops dropped at the in-flight limit instead of queueing them silently', async () => {
    const result = await runScenario(
      scenarioWith(() => ({ op: () => sleep(100), async teardown() {} })),
      {},
      {},
      {
        ...base,
        durationMs: 1000,
        load: { kind: 'fixed-rate', rates: [200], arrival: 'uniform', maxInFlight: 5 },
      },
      signal,
    );
    const run = result.runs[0]!;
    assert.ok(run.load?.model === 'rate');
    assert.ok(run.load.dropped > 100, `dropped ${run.load.dropped}`);
    assert.ok(result.warnings.some((w) => /dropped at the in-flight limit/.test(w)));
  });

  it('warns when the generator itself is saturated (a CPU-burning op)', async () => {
    const burn = (): VariantRun => ({
      async op() {
        const until = performance.now() + 2;
        while (performance.now() < until) {
          // burn the CPU: the harness process, not a target, is busy
        }
      },
      async teardown() {},
    });
    const result = await runScenario(scenarioWith(burn), {}, {}, { ...base, durationMs: 500 }, signal);
    const run = result.runs[0]!;
    assert.ok(run.generator!.eventLoopUtilization > 0.9, `event loop ${run.generator!.eventLoopUtilization}`);
    assert.equal(run.generator!.saturated, true);
    assert.ok(result.warnings.some((w) => /load generator saturated/.test(w)));
  });

  it('does not flag an idle generator', async () => {
    const result = await runScenario(
      scenarioWith(() => ({ op: () => sleep(5), async teardown() {} })),
      {},
      {},
      { ...base, durationMs: 500 },
      signal,
    );
    assert.equal(result.runs[0]!.generator!.saturated, false);
    assert.ok(result.runs[0]!.generator!.eventLoopUtilization < 0.5);
  });
});
