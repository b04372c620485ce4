// The load generator's probe of itself: the real one sees a busy event loop (CPU work, no sleep), and the
// judgement is on utilization under the closed loop, on ops started late under a fixed rate.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeGenerator, watchGenerator } from '../../src/driver/measure/generator-health.js';
import type { GeneratorHealth, LoadInfo } from '../../src/model/result.js';

const health = (over: Partial<GeneratorHealth> = {}): GeneratorHealth => ({
  cpuPercent: 50,
  eventLoopUtilization: 0.5,
  eventLoopDelayP99Ms: 0,
  eventLoopDelayMaxMs: 0,
  saturated: false,
  ...over,
});

const rateLoad = (started: number, late: number): LoadInfo => ({
  model: 'rate',
  targetRate: 1000,
  arrival: 'uniform',
  maxInFlight: 100,
  started,
  achievedRate: 1000,
  dropped: 0,
  late,
});

describe('generator health', () => {
  it('sees its own event loop busy during CPU work', () => {
    const probe = watchGenerator();
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // burn the CPU: the harness process, not a target, is busy
    }
    const h = probe.stop();
    assert.ok(h.eventLoopUtilization > 0.9, `event loop ${h.eventLoopUtilization}`);
    assert.equal(h.saturated, true);
    assert.ok(h.cpuPercent > 0);
  });

  it('under a fixed rate, judges on the share of ops started late, not on a spinning loop', () => {
    const busy = health({ eventLoopUtilization: 0.99, saturated: true });
    assert.deepEqual(judgeGenerator(busy, { model: 'closed' }), busy);
    const onTime = judgeGenerator(busy, rateLoad(1000, 40));
    assert.equal(onTime.lateShare, 0.04);
    assert.equal(onTime.saturated, false);
    const behind = judgeGenerator(health(), rateLoad(1000, 60));
    assert.equal(behind.lateShare, 0.06);
    assert.equal(behind.saturated, true);
    assert.equal(judgeGenerator(health({ eventLoopDelayP99Ms: 25 }), rateLoad(1000, 0)).saturated, true);
  });
});
