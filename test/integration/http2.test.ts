// The http2 scenario against its in-process node:http2 secure server (ALPN h2 + http/1.1): every variant
// completes, multiplexed really carries 150 concurrent streams on one connection (the server counts sessions
// and streams open at once), pooled-h1 really speaks HTTP/1.1 to the same server.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http2 } from '../../scenarios/http/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import type { RunResult } from '../../src/model/result.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 400, warmupMs: 150, ...over });
const options = { bodyBytes: 1024, serverDelay: 0, retries: 0, burst: 100, streams: 100, insecure: false };
const byVariant = (runs: RunResult[]): Record<string, RunResult> =>
  Object.fromEntries(runs.map((r) => [r.variant, r]));

describe('http2 scenario', () => {
  it('runs every variant over the one TLS server, h2 or HTTP/1.1 as asked', async () => {
    const result = await runScenario(http2, options, {}, settings(), signal);
    const runs = byVariant(result.runs);
    for (const variant of ['unpooled', 'multiplexed', 'pooled-h1']) {
      const run = runs[variant];
      assert.equal(run?.status, 'completed', `${variant}: ${run?.error}`);
      assert.ok(run.ops > 0 && run.errors === 0, `${variant}: ${run.ops} ops, ${run.errors} errors`);
    }
    const unpooled = runs.unpooled!;
    assert.equal(unpooled.details!.alpn, 'h2');
    assert.equal(unpooled.pool?.opened, unpooled.ops, 'a new HTTP/2 connection per request');
    assert.equal(unpooled.details!.serverH2Sessions, unpooled.details!.serverRequests);
    assert.ok(unpooled.breakdownMs?.tls);

    const multiplexed = runs.multiplexed!;
    assert.equal(multiplexed.details!.serverH2Sessions, 1);
    assert.ok(multiplexed.pool!.reuseRate > 0.95);
    assert.match(String(multiplexed.details!.reuseCriterion), /^pass/);

    const h1 = runs['pooled-h1']!;
    assert.equal(h1.details!.alpn, 'http/1.1');
    assert.equal(h1.details!.serverH2Sessions, 0, 'no HTTP/2 session: HTTP/1.1 over the same TLS server');
    assert.ok(h1.pool!.reuseRate > 0.95);
  });

  it('multiplexes 150 concurrent streams on one connection with --streams 150', async () => {
    const result = await runScenario(
      http2,
      // A think time keeps every stream open long enough for all 150 to overlap.
      { ...options, streams: 150, serverDelay: 20 },
      {},
      settings({ concurrency: [150], variants: ['multiplexed'], durationMs: 500 }),
      signal,
    );
    const run = result.runs[0]!;
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.errors, 0);
    assert.ok(run.ops >= 150, `${run.ops} ops`);
    assert.equal(run.details!.connections, 1);
    assert.equal(run.details!.serverConnections, 1, 'one TCP connection');
    assert.equal(run.details!.serverH2Sessions, 1, 'one HTTP/2 session');
    assert.equal(run.details!.serverPeakStreamsPerSession, 150, 'all 150 streams open at once on it');
    assert.equal(run.pool!.opened, 0);
  });
});
