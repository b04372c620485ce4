// The regression gate on synthetic results: identical passes, a real drop fails naming the row, a drop
// inside the noise passes, mismatched or unknown inputs are invalid (the exit codes of `poolbench compare`
// are checked end to end in test/integration/compare-cli.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRuns } from '../../src/analysis/comparisons.js';
import { ConfigError } from '../../src/errors.js';
import { compareResults } from '../../src/gate/compare.js';
import { parseRule } from '../../src/gate/thresholds.js';
import type { GateOptions } from '../../src/model/verdict.js';
import { renderGithubActionBenchmark } from '../../src/report/formats/github-action-benchmark.js';
import { renderVerdictMarkdown } from '../../src/report/formats/verdict.js';
import { resultWith } from '../helpers/synthetic-results.js';

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
});
