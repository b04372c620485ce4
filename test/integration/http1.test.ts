// The http1 scenario against its in-process node:http server: every variant completes, unpooled opens one
// connection per request, pooled reuses (> 95 %), pipelined runs on ceil(c / depth) connections, the pooled
// variant recovers when the server drops connections, and the chaos experiment and micro-benchmarks run.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http1 } from '../../scenarios/http/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import type { RunResult } from '../../src/model/result.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 400, warmupMs: 150, ...over });
const options = { bodyBytes: 512, serverDelay: 0, retries: 0, burst: 100, pipelining: 10, insecure: false };

const byVariant = (runs: RunResult[]) => Object.fromEntries(runs.map((r) => [r.variant, r]));

describe('http1 scenario', () => {
  it('runs every variant; unpooled opens a connection per request, pooled reuses them', async () => {
    const result = await runScenario(http1, options, {}, settings(), signal);
    const runs = byVariant(result.runs);
    for (const variant of ['unpooled', 'pooled', 'pipelined']) {
      const run = runs[variant];
      assert.equal(run?.status, 'completed', `${variant}: ${run?.error}`);
      assert.ok(run.ops > 0 && run.errors === 0, `${variant}: ${run.ops} ops, ${run.errors} errors`);
      assert.ok(run.breakdownMs?.ttfb && run.breakdownMs.body, `${variant} has ttfb and body steps`);
      assert.equal(typeof run.details?.clientRssMiB, 'number');
    }

    const unpooled = runs.unpooled!;
    const d = unpooled.details!;
    assert.equal(unpooled.pool?.opened, unpooled.ops, 'one connection per request in the window');
    assert.equal(d.serverConnections, d.serverRequests, 'the server saw one connection per request');
    assert.ok(unpooled.breakdownMs?.connect, 'connect is timed per request');
    assert.match(
      String(d.reuseCriterion),
      /^fail \(0\.0 % < 95 %: ([\d,]+) connections opened for \1 requests\)$/,
    );

    const pooled = runs.pooled!;
    assert.ok(pooled.pool!.reuseRate > 0.95, `reuse ${pooled.pool!.reuseRate}`);
    assert.match(
      String(pooled.details!.reuseCriterion),
      /^pass \(\d+\.\d % >= 95 %: \d+ connections opened for [\d,]+ requests\)$/,
    );
    assert.ok(
      Number(pooled.details!.serverConnections) <= 4,
      'at most --pool-size (= concurrency) connections',
    );
    assert.equal(pooled.details!.memoryConnectionsOpen, 4, 'memory sampled with the pool warm');
    assert.equal(pooled.breakdownMs?.connect, undefined, 'no connect in the window of a warm pool');

    const pipelined = runs.pipelined!;
    assert.equal(pipelined.details!.serverConnections, 1, 'ceil(4 / depth 10) = 1 connection');
    assert.equal(pipelined.details!.connections, 1);

    // Far apart on loopback: a TCP handshake and teardown per request against none.
    const cmp = result.comparisons.find((c) => c.variant === 'pooled');
    assert.ok(cmp && cmp.throughputRatio > 1.5, `pooled / unpooled throughput ${cmp?.throughputRatio}`);
  });

  it('recovers when the server drops every 25th connection, counting errors and retries', async () => {
    const result = await runScenario(
      http1,
      { ...options, closeEvery: 25 },
      {},
      settings({ variants: ['pooled'] }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed');
    assert.ok(run.errors > 0, 'dropped requests are counted as errors');
    assert.ok(run.errorKinds.UND_ERR_SOCKET, JSON.stringify(run.errorKinds));
    assert.ok(run.ops > run.errors * 10, `${run.ops} ok vs ${run.errors} errors: the pool kept working`);
    assert.ok(Number(run.details!.serverDroppedConnections) > 0);
    assert.equal(result.details?.serverClosesEvery, 25);

    const retried = await runScenario(
      http1,
      { ...options, closeEvery: 25, retries: 1 },
      {},
      settings({ variants: ['pooled'] }),
      signal,
    );
    const r = retried.runs[0]!;
    const retries = Number(r.details!.retries);
    assert.ok(retries > 0, 'retries are counted');
    // A retry fails only if it lands on another dropped connection (1 in 25).
    assert.ok(r.errors < retries, `${r.errors} errors left after ${retries} retries`);
  });

  it('runs the thundering-herd experiment and the churn micro-benchmarks for every variant', async () => {
    const result = await runScenario(
      http1,
      { ...options, burst: 20 },
      {},
      settings({ variants: ['pooled'], durationMs: 100, warmupMs: 0, experiments: true, microTimeMs: 50 }),
      signal,
    );
    const [burst] = result.experiments ?? [];
    assert.ok(burst, 'the burst experiment ran');
    assert.deepEqual(
      burst.series.map((s) => s.name),
      ['unpooled', 'pooled', 'pipelined'],
    );
    for (const s of burst.series) {
      assert.deepEqual(
        s.points.map((p) => p.x),
        [2, 10, 20],
      );
      assert.ok(s.points.every((p) => p.y > 0));
    }
    assert.match(burst.note ?? '', /0 of \d+ requests failed/);
    assert.equal(result.details?.burstFailures, 0);
    const micro = result.microbenchmarks ?? [];
    assert.equal(micro.length, 3);
    for (const m of micro) assert.ok(!m.error && m.nsPerOp > 0, `${m.name}: ${m.error}`);
  });
});
