// The regression gate on synthetic results: identical passes, a real drop fails naming the row, a drop
// inside the noise passes, mismatched or unknown inputs are invalid (exit 2).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compareRuns } from '../../src/analysis/comparisons.js';
import { ConfigError } from '../../src/errors.js';
import { compareResults } from '../../src/gate/compare.js';
import { parseRule } from '../../src/gate/thresholds.js';
import type { BenchmarkResult, RunResult } from '../../src/model/result.js';
import type { GateOptions } from '../../src/model/verdict.js';
import { renderGithubActionBenchmark } from '../../src/report/formats/github-action-benchmark.js';
import { renderVerdictMarkdown } from '../../src/report/formats/verdict.js';
import { poolbench } from '../helpers/cli.js';

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
function resultWith(speedup: number, jitter = 0.01, scenario = 'tcp-echo'): BenchmarkResult {
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

const defaults: GateOptions = { thresholdPercent: 10, absolute: false, rules: [] };

describe('regression gate', () => {
  it('passes identical results', () => {
    const verdict = compareResults(resultWith(10), resultWith(10), defaults);
    assert.equal(verdict.passed, true);
    assert.ok(verdict.rows.every((r) => r.verdict === 'unchanged'));
  });

  it('fails a ratio that dropped 30 % with non-overlapping trials, naming the row', () => {
    const verdict = compareResults(resultWith(10), resultWith(7), defaults);
    assert.equal(verdict.passed, false);
    const keys = verdict.regressions.map((r) => r.key);
    assert.ok(keys.includes('tcp-echo pooled c=50 throughputRatio'), keys.join(', '));
    const md = renderVerdictMarkdown(verdict, resultWith(10), resultWith(7));
    assert.match(md, /❌ \d+ regressions?/);
    assert.match(md, /tcp-echo pooled c=50 throughputRatio\*\*: 10\.0x → 7\.00x \(-30\.0 %\)/);
  });

  it('calls a 5 % drop unchanged', () => {
    const verdict = compareResults(resultWith(10), resultWith(9.5), defaults);
    assert.equal(verdict.passed, true);
    const row = verdict.rows.find((r) => r.key === 'tcp-echo pooled c=50 throughputRatio')!;
    assert.equal(row.verdict, 'unchanged');
    assert.ok(row.changePercent < -4 && row.changePercent > -6);
  });

  it('calls a large drop inside overlapping trial ranges noise, not a regression', () => {
    // +-25 % jitter: the 10x and 8x runs' ranges overlap
    const verdict = compareResults(resultWith(10, 0.25), resultWith(8, 0.25), defaults);
    const row = verdict.rows.find((r) => r.key === 'tcp-echo pooled c=50 throughputRatio')!;
    assert.equal(row.overlap, true);
    assert.equal(row.verdict, 'unchanged');
  });

  it('gates absolute figures only with --absolute', () => {
    const slower = resultWith(10);
    for (const r of slower.scenarios[0]!.runs) r.throughput *= 0.5; // the whole machine is slower, ratios equal
    slower.scenarios[0]!.comparisons = compareRuns(slower.scenarios[0]!.runs, 'unpooled');
    assert.equal(compareResults(resultWith(10), slower, defaults).passed, true);
    assert.equal(compareResults(resultWith(10), slower, { ...defaults, absolute: true }).passed, false);
  });

  it('applies k6-style --fail-on rules with their own threshold', () => {
    const rule = parseRule('tcp-echo.pooled.throughputRatio < -3%');
    assert.ok(typeof rule !== 'string');
    const verdict = compareResults(resultWith(10), resultWith(9.5), { ...defaults, rules: [rule] });
    assert.equal(verdict.passed, false);
    assert.equal(verdict.regressions[0]!.rule, 'tcp-echo.pooled.throughputRatio < -3%');
    assert.match(String(parseRule('redis.shared.p99 >> 20')), /cannot parse/);
    assert.match(String(parseRule('redis.shared.p98 > 20%')), /unknown metric 'p98'/);
  });

  it('refuses results with nothing in common, saying what did not match', () => {
    assert.throws(
      () => compareResults(resultWith(10), resultWith(10, 0.01, 'redis'), defaults),
      (err: unknown) =>
        err instanceof ConfigError &&
        /nothing comparable: the baseline has tcp-echo .* the current run has redis/.test(err.message),
    );
  });

  it('exports github-action-benchmark bigger- and smaller-is-better files', () => {
    const [bigger, smaller] = renderGithubActionBenchmark(resultWith(10));
    const big = JSON.parse(bigger!.content) as { name: string; unit: string; value: number }[];
    const small = JSON.parse(smaller!.content) as { name: string; unit: string; value: number }[];
    assert.ok(
      big.some(
        (e) =>
          e.name === 'tcp-echo pooled c=50 throughputRatio' &&
          e.unit === 'x' &&
          Math.abs(e.value - 10) < 0.01,
      ),
    );
    assert.ok(small.some((e) => e.name === 'tcp-echo pooled c=50 p99' && e.unit === 'ms'));
    assert.ok(!small.some((e) => e.unit === 'x'));
  });

  describe('poolbench compare (CLI)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poolbench-gate-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, data: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(data));
      return file;
    };
    const base = write('base.json', resultWith(10));
    const same = write('same.json', resultWith(10));
    const worse = write('worse.json', resultWith(7));
    const other = write('other.json', resultWith(10, 0.01, 'redis'));
    const future = write('future.json', { ...resultWith(10), schemaVersion: 2 });

    it('exits 0 without a regression, 3 with one, 2 for invalid input', async () => {
      assert.equal((await poolbench(['compare', base, same], { cwd: dir })).code, 0);
      const regressed = await poolbench(['compare', base, worse, '--json'], { cwd: dir });
      assert.equal(regressed.code, 3);
      assert.ok(
        (JSON.parse(regressed.stdout) as { regressions: string[] }).regressions.includes(
          'tcp-echo pooled c=50 throughputRatio',
        ),
      );
      const mismatched = await poolbench(['compare', base, other], { cwd: dir });
      assert.equal(mismatched.code, 2);
      assert.match(mismatched.stderr, /nothing comparable/);
      const unknown = await poolbench(['compare', base, future], { cwd: dir });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown schemaVersion 2/);
      const missing = await poolbench(['compare', base, join(dir, 'nope.json')], { cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read result file/);
    });
  });
});
