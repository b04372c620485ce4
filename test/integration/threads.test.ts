// The driver on worker threads (--workers), which run on the real clock: the load split over threads,
// histograms merged and counts summed by the side-by-side merger, exact op counts split, and a scenario
// file's variant run by threads that only know where its module is. Each thread boots its own module
// graph, which takes seconds on a small machine: these live here, not with the unit tests.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findScenario } from '../../scenarios/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { locateScenario } from '../../src/scenario/index.js';
import sleepScenario from '../fixtures/sleep-scenario.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 600, warmupMs: 0, ...over });

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

describe('worker threads run a scenario module', () => {
  const url = new URL('../fixtures/sleep-scenario.ts', import.meta.url).href;

  it("runs a scenario file's variant on 2 threads, which only know where the module is", async () => {
    const located = locateScenario(sleepScenario, { url });
    const result = await runScenario(
      located,
      { sleepMs: 2 },
      {},
      testSettings({ concurrency: [4], ops: 40, threads: 2 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.ops, 40);
    assert.equal(run.perThread?.length, 2);
  });
});
