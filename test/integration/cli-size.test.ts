// `poolbench size` end to end: a sweep against the local Redis and the TCP echo server prints a
// recommendation, keeps it in result.json and atop report.md with its chart; bad input is exit 2 naming the
// flag, before anything is measured.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const work = mkdtempSync(join(tmpdir(), 'poolbench-size-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('poolbench size', () => {
  it('sweeps the pool size of redis pooled and recommends one', async () => {
    const out = join(work, 'redis');
    const args = ['size', 'redis', '--redis-url', REDIS_URL, '--sizes', '1,2,4', '--slo', 'p99<10s'];
    const run = await poolbench([...args, '-n', '300', '--warmup', '0', '--trials', '1', '--out', out], {
      cwd: work,
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /=> pooled: pool-size [124]: \d+ % of peak throughput .*, p99 [\d.]+ ms < 10s/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult;
    const rec = result.scenarios[0]!.recommendation!;
    assert.deepEqual(rec.sizes, [1, 2, 4]);
    assert.equal(rec.concurrency, 4, 'the largest pool, saturated');
    assert.equal(rec.objective, 'p99<10s');
    assert.equal(rec.serverLimit?.source.startsWith('Redis maxclients'), true);
    const pooled = rec.variants[0]!;
    assert.equal(pooled.variant, 'pooled');
    assert.deepEqual(
      pooled.points.map((p) => p.size),
      [1, 2, 4],
    );
    assert.ok(pooled.recommended && pooled.knee && pooled.peak);
    assert.ok(pooled.recommended.size >= pooled.knee.size);
    // Runs carry the size they ran at.
    assert.deepEqual(
      result.scenarios[0]!.runs.map((r) => r.params?.poolSize),
      [1, 2, 4],
    );
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report.split('## ')[0]!, /\*\*redis:\*\* pooled: pool-size \d/, 'the answer comes first');
    assert.match(report, /### Pool size/);
    assert.ok(existsSync(join(out, 'redis-pool-size.png')));
  });

  it('says when no size meets the objective, naming the best it saw', async () => {
    const run = await poolbench(
      [
        'size',
        'tcp-echo',
        '--sizes',
        '1,2',
        '--slo',
        'p50<1us',
        '-n',
        '200',
        '--warmup',
        '0',
        '--trials',
        '1',
      ],
      { cwd: work, timeoutMs: 120_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /=> pooled: no pool size met p50<1us; the best seen: p50 [\d.]+ ms at pool-size [12]/,
    );
  });

  it('refuses bad input with exit 2, every problem named by its flag', async () => {
    const run = await poolbench(
      [
        'size',
        'redis',
        '--slo',
        'p99 under 20ms',
        '--instances',
        '0',
        '--sizes',
        '0,4',
        '--variants',
        'shared',
      ],
      { cwd: work, timeoutMs: 60_000 },
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--slo: expected a latency objective such as "p99<20ms".*got 'p99 under 20ms'/);
    assert.match(run.stderr, /--instances: expected the number of application instances/);
    assert.match(run.stderr, /--sizes: expected pool sizes >= 1/);
    assert.match(
      run.stderr,
      /--variants: shared has no pool to size; redis's variants with --pool-size: pooled/,
    );
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  it('refuses a scenario without a pool size', async () => {
    const run = await poolbench(['size', 'noop'], { cwd: work, timeoutMs: 60_000 });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /noop has no --pool-size option to sweep; poolbench size works for .*redis/);
  });
});
