// The https scenario against its in-process node:https server: every variant completes; unpooled does a full
// TLS handshake per request, resumed really resumes (the server counts it), pooled reuses (> 95 %); the TLS
// handshake is timed as its own step and the negotiated TLS is reported.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { https } from '../../scenarios/http/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import type { RunResult } from '../../src/model/result.js';

const signal = new AbortController().signal;
const settings: DriverSettings = {
  durationMs: 400,
  warmupMs: 150,
  trials: 1,
  microTimeMs: 0,
  experiments: false,
  load: { kind: 'closed', concurrency: [4] },
};
const options = { bodyBytes: 1024, serverDelay: 0, retries: 0, burst: 100, insecure: false };

describe('https scenario', () => {
  it('measures full handshakes, resumed handshakes and keep-alive, with the server counting each', async () => {
    const result = await runScenario(https, options, {}, settings, signal);
    const runs: Record<string, RunResult> = Object.fromEntries(result.runs.map((r) => [r.variant, r]));
    for (const variant of ['unpooled', 'resumed', 'pooled']) {
      const run = runs[variant];
      assert.equal(run?.status, 'completed', `${variant}: ${run?.error}`);
      assert.ok(run.ops > 0 && run.errors === 0, `${variant}: ${run.ops} ops, ${run.errors} errors`);
      assert.equal(run.details?.alpn, 'http/1.1');
    }
    assert.equal(result.details?.tlsVersion, 'TLSv1.3');
    assert.equal(typeof result.details?.tlsCipher, 'string');

    const unpooled = runs.unpooled!.details!;
    assert.ok(runs.unpooled!.breakdownMs?.tls && runs.unpooled!.breakdownMs.connect, 'tls and connect steps');
    assert.equal(runs.unpooled!.pool?.opened, runs.unpooled!.ops, 'one connection per request');
    assert.equal(unpooled.serverTlsResumed, 0, 'no session offered: every handshake is full');
    assert.equal(unpooled.serverConnections, unpooled.serverRequests);
    assert.equal(unpooled.tlsFullHandshakes, unpooled.serverConnections, 'a full handshake per connection');

    const resumed = runs.resumed!.details!;
    assert.ok(runs.resumed!.breakdownMs?.tls, 'the resumed handshake is timed too');
    assert.equal(resumed.serverConnections, resumed.serverRequests, 'still a new connection per request');
    // Only the first handshakes of each concurrent worker, before a ticket arrived, are full.
    const resumedShare = Number(resumed.serverTlsResumed) / Number(resumed.serverConnections);
    assert.ok(
      resumedShare > 0.9,
      `the server resumed ${resumed.serverTlsResumed} of ${resumed.serverConnections}`,
    );
    assert.equal(resumed.tlsResumedHandshakes, resumed.serverTlsResumed, 'client and server agree');

    const pooled = runs.pooled!;
    assert.ok(pooled.pool!.reuseRate > 0.95, `reuse ${pooled.pool!.reuseRate}`);
    assert.match(String(pooled.details!.reuseCriterion), /^pass/);
    assert.ok(Number(pooled.details!.serverConnections) <= 4);

    assert.equal(result.details?.certificateVerification, 'on');
    assert.match(result.target.description, /self-signed ECDSA P-256/);
    const cmp = result.comparisons.find((c) => c.variant === 'pooled');
    assert.ok(cmp && cmp.throughputRatio > 2, `pooled / unpooled throughput ${cmp?.throughputRatio}`);
  });
});
