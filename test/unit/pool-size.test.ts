// The pool-size recommendation from a sweep: peak, knee, objective, contention, Little's law and the
// server's limit, from made-up trials (no servers); a sweep where every trial errored gives no NaN.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseObjective, recommendPoolSize, type SizeTrial } from '../../src/analysis/pool-size.js';

function trial(size: number, throughput: number, p99: number, over: Partial<SizeTrial> = {}): SizeTrial {
  return {
    size,
    completed: true,
    throughput,
    ops: Math.round(throughput),
    errors: 0,
    latencyMs: { mean: p99 / 3, p50: p99 / 4, p95: p99 / 2, p99, p999: p99 * 2 },
    ...over,
  };
}

// Throughput rises to a plateau at 8, then falls from 64 (contention); p99 falls as queueing goes.
const SWEEP = [
  trial(1, 100, 90),
  trial(2, 190, 48),
  trial(4, 350, 25),
  trial(8, 580, 12),
  trial(16, 600, 9),
  trial(32, 605, 8.5),
  trial(64, 500, 15),
];

describe('parseObjective', () => {
  it('reads p50/p95/p99/p999 with us, ms or s', () => {
    assert.deepEqual(parseObjective('p99<20ms'), { percentile: 'p99', maxMs: 20, text: 'p99<20ms' });
    assert.deepEqual(parseObjective(' P95 < 1.5 s '), { percentile: 'p95', maxMs: 1500, text: 'p95<1.5s' });
    assert.equal((parseObjective('p999<500us') as { maxMs: number }).maxMs, 0.5);
  });

  it('names the flag for anything else', () => {
    for (const bad of ['p99>20ms', 'p98<20ms', 'p99<', 'p99<0ms', 'fast', 'p99<20']) {
      const parsed = parseObjective(bad);
      assert.ok('problem' in parsed, bad);
      assert.match(parsed.problem, /^--slo: expected a latency objective such as "p99<20ms"/);
    }
  });
});

describe('recommendPoolSize', () => {
  it('finds the peak, the knee, contention, and recommends the knee when it meets the objective', () => {
    const r = recommendPoolSize({
      variant: 'pooled',
      trials: SWEEP,
      objective: parseObjective('p99<20ms') as never,
    });
    assert.deepEqual(r.peak, { size: 32, throughput: 605 });
    assert.equal(r.knee?.size, 8, '580 is within 5 % of 605');
    assert.equal(r.objective?.metAt?.size, 8);
    assert.equal(r.recommended?.size, 8);
    assert.equal(r.contentionFrom, 64);
    assert.match(
      r.sentence,
      /^pooled: pool-size 8: 96 % of peak throughput \(605 ops\/s at 32\), p99 12\.0 ms < 20ms/,
    );
    assert.match(r.sentence, /64\+ is slower than the peak \(server contention\)/);
  });

  it('goes past the knee when the objective needs more connections', () => {
    const r = recommendPoolSize({
      variant: 'pooled',
      trials: SWEEP,
      objective: parseObjective('p99<10ms') as never,
    });
    assert.equal(r.knee?.size, 8);
    assert.equal(r.recommended?.size, 16);
    assert.equal(r.noGainFrom, 32, '32 is within 5 % of 16; 64 is below it');
  });

  it('says when no size meets the objective, and names the best it saw', () => {
    const r = recommendPoolSize({
      variant: 'pooled',
      trials: SWEEP,
      objective: parseObjective('p99<1ms') as never,
    });
    assert.equal(r.recommended, null);
    assert.equal(r.objective?.metAt, null);
    assert.deepEqual(r.objective?.best, { size: 32, valueMs: 8.5 });
    assert.match(
      r.sentence,
      /^pooled: no pool size met p99<1ms; the best seen: p99 8\.50 ms at pool-size 32/,
    );
  });

  it('recommends the knee without an objective, and checks the fit on the server with N instances', () => {
    const r = recommendPoolSize({
      variant: 'pooled',
      trials: SWEEP,
      serverLimit: { connections: 97, source: 'max_connections 100 - superuser_reserved_connections 3' },
      instances: 16,
    });
    assert.equal(r.recommended?.size, 8);
    assert.deepEqual(
      { needed: r.serverLimit?.needed, fits: r.serverLimit?.fits },
      { needed: 128, fits: false },
    );
    assert.match(r.sentence, /16 instances x 8 = 128 exceeds the server's 97 connections/);
    const one = recommendPoolSize({
      variant: 'pooled',
      trials: SWEEP,
      serverLimit: { connections: 97, source: 'x' },
    });
    assert.equal(one.serverLimit?.fits, true);
  });

  it("checks Little's law where the variant times its acquire step", () => {
    const trials = SWEEP.map((t) => ({ ...t, acquireMeanMs: 1 }));
    const r = recommendPoolSize({ variant: 'pooled', trials, concurrency: 64 });
    const law = r.littlesLaw!;
    assert.equal(law.size, 8);
    // 580 ops/s x (12/3 - 1) ms = 1.74 connections busy of 8.
    assert.ok(Math.abs(law.busyConnections - 1.74) < 1e-9);
    assert.ok(Math.abs(law.utilisation - 1.74 / 8) < 1e-9);
    assert.ok(Math.abs(law.inFlight! - 580 * 0.004) < 1e-9);
  });

  it('skips sizes with errors, and gives no NaN when every trial errored', () => {
    const failing = SWEEP.map((t) => (t.size === 8 ? { ...t, errors: 50 } : t));
    assert.equal(recommendPoolSize({ variant: 'pooled', trials: failing }).knee?.size, 16);
    const broken = SWEEP.map((t) => ({ ...t, completed: false, ops: 0, errors: 10, throughput: 0 }));
    const r = recommendPoolSize({
      variant: 'pooled',
      trials: broken,
      objective: parseObjective('p99<5ms') as never,
    });
    assert.equal(r.recommended, null);
    assert.equal(r.peak, null);
    assert.ok(r.points.every((p) => p.throughput === null && p.latencyMs === null && p.errorRate === 1));
    assert.doesNotMatch(JSON.stringify(r), /NaN|null,"errorRate":NaN/);
    assert.match(r.sentence, /no recommendation: every pool size errored/);
    assert.doesNotMatch(r.sentence, /NaN/);
  });
});
