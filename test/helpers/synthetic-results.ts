// Synthetic results for the gate's tests: a tcp-echo-like result with a known pooled speed-up, and the
// fixture's postgres-crud as if it had run against an external PostgreSQL.

import { compareRuns } from '../../src/analysis/comparisons.js';
import type { BenchmarkResult, RunResult } from '../../src/model/result.js';
import { loadFixture, scenario } from '../fixtures/load.js';

function run(variant: string, trial: number, throughput: number, p50: number, p99: number): RunResult {
  return {
    variant,
    concurrency: 50,
    trial,
    status: 'completed',
    ops: Math.round(throughput),
    errors: 0,
    errorKinds: {},
    durationS: 1,
    throughput,
    latencyMs: {
      count: Math.round(throughput),
      min: p50 / 2,
      mean: p50,
      p50,
      p95: p99 * 0.8,
      p99,
      p999: p99 * 1.5,
      max: p99 * 2,
    },
  };
}

/** A result where pooled is `speedup` times faster than unpooled, with trial-to-trial jitter `jitter`. */
export function resultWith(speedup: number, jitter = 0.01, scenario = 'tcp-echo'): BenchmarkResult {
  const runs: RunResult[] = [];
  for (const [trial, wobble] of [
    [1, -jitter],
    [2, 0],
    [3, jitter],
  ] as const) {
    runs.push(run('unpooled', trial, 1000, 40, 80));
    runs.push(
      run('pooled', trial, 1000 * speedup * (1 + wobble), 40 / speedup, 80 / (speedup * (1 + wobble))),
    );
  }
  return {
    schemaVersion: 1,
    tool: { name: 'poolbench', version: '0.1.0' },
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: '2026-11-23T12:01:00.000Z',
    settings: { concurrency: [50], durationS: 1, warmupS: 0, trials: 3 },
    environment: {
      poolbenchVersion: '0.1.0',
      node: 'v20.20.2',
      v8: '11',
      os: 'Linux',
      kernel: '6',
      arch: 'x64',
      cpuModel: 'test cpu',
      cpuCount: 2,
      totalMemoryMiB: 1024,
      loadModel: 'closed',
    },
    scenarios: [
      {
        id: scenario,
        description: 'synthetic',
        baseline: 'unpooled',
        options: {},
        target: { description: 'synthetic', embedded: true },
        runs,
        comparisons: compareRuns(runs, 'unpooled'),
        warnings: [],
        notes: [],
      },
    ],
  };
}

/** The fixture's postgres-crud as if it had run against a PostgreSQL 16 service container. */
export function againstExternalPostgres(): BenchmarkResult {
  const result = loadFixture('result');
  scenario(result, 'postgres-crud').target = {
    description: 'PostgreSQL 16.4 from DATABASE_URL',
    url: 'postgres://postgres:***@127.0.0.1:5432/poolbench',
    server: 'PostgreSQL',
    serverVersion: '16.4',
    embedded: false,
  };
  return result;
}
