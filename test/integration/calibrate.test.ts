// `poolbench calibrate`, spawned as a user runs it, short: the table's structure, every figure finite and
// positive (no speed is asserted), the tools' skip line when they are missing, nothing left behind.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { findOnPath } from '../../src/calibrate/native-tool.js';
import type { BenchmarkResult, CalibrationMeasure, CalibrationRow } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';
import { LOCAL_URL } from '../helpers/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-calibrate-'));
after(() => rmSync(work, { recursive: true, force: true }));
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SHORT = ['-d', '1s', '--warmup', '200ms', '--rounds', '1'];

function assertRates(m: CalibrationMeasure | undefined, what: string): void {
  assert.ok(m, what);
  assert.equal(m.status, 'measured', `${what}: ${JSON.stringify(m)}`);
  if (m.status !== 'measured') return;
  assert.equal(m.perSecond.length, 1, what);
  for (const v of m.perSecond) assert.ok(Number.isFinite(v) && v > 0, `${what}: ${v}`);
}

const positive = (r: number | undefined) => r !== undefined && Number.isFinite(r) && r > 0;

describe('poolbench calibrate', () => {
  it('measures http1, redis and postgres-crud three ways and stores the ratios', async () => {
    const out = join(work, 'all');
    const run = await poolbench(
      [
        'calibrate',
        'http1',
        'redis',
        'postgres-crud',
        ...SHORT,
        '--records',
        '1000',
        '--redis-url',
        REDIS_URL,
        '--pg-url',
        LOCAL_URL,
        '--out',
        out,
      ],
      { cwd: work, timeoutMs: 240_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'calibration:');
    const header = lines[1] ?? '';
    for (const column of [
      'scenario',
      'work',
      'poolbench',
      'hand loop',
      'native',
      'poolbench / hand',
      'hand / native',
    ])
      assert.ok(header.includes(column), `column ${column} in ${header}`);

    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult;
    const rows: CalibrationRow[] = result.calibration?.rows ?? [];
    assert.deepEqual(
      rows.map((r) => `${r.scenario} ${r.poolbench.variant}`),
      [
        'http1 pooled',
        'http1 unpooled',
        'redis shared',
        'redis pooled',
        'redis unpooled',
        'redis pipeline-50',
        'postgres-crud pooled',
      ],
    );
    for (const row of rows) {
      const what = `${row.scenario} ${row.work}`;
      assertRates(row.poolbench, `${what}: poolbench`);
      assertRates(row.handLoop, `${what}: hand loop`);
      assert.ok(positive(row.harnessRatio), `${what}: harness ratio ${row.harnessRatio}`);
      assert.ok(row.native, `${what}: a native tool`);
      if (findOnPath(row.native.tool)) {
        assertRates(row.native, `${what}: ${row.native.tool}`);
        assert.ok(positive(row.libraryRatio), `${what}: library ratio ${row.libraryRatio}`);
      } else assert.equal(row.native.status, 'skipped');
      assert.ok(run.stdout.includes(row.work), `${what} printed`);
    }
    assert.equal(rows.find((r) => r.poolbench.variant === 'pipeline-50')?.unit, 'commands');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /## Calibration/);
    assert.match(report, /\| redis \| GET, pipelines of 50 \|/);

    // The calibration's own table and key are gone.
    const db = new pg.Client({ connectionString: LOCAL_URL });
    await db.connect();
    const tables = await db.query(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'poolbench_calibration_%'",
    );
    await db.end();
    assert.deepEqual(tables.rows, []);
    const redis = new Redis(REDIS_URL);
    const [, keys] = await redis.scan('0', 'MATCH', 'poolbench:calibration-*', 'COUNT', 10_000);
    await redis.quit();
    assert.deepEqual(keys, []);
  });

  it('skips a native tool that is not on PATH with one line naming its package', async () => {
    const out = join(work, 'no-tools');
    const run = await poolbench(['calibrate', 'http1', ...SHORT, '-c', '4', '--out', out], {
      cwd: work,
      env: { PATH: join(work, 'empty-path') },
    });
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult;
    for (const row of result.calibration!.rows) {
      assert.equal(row.concurrency, 4);
      assert.deepEqual(row.native, {
        status: 'skipped',
        reason: 'wrk is not on PATH (Debian/Ubuntu: apt-get install wrk)',
        tool: 'wrk',
      });
      assert.equal(row.libraryRatio, undefined);
      assert.ok(positive(row.harnessRatio));
    }
    assert.match(run.stdout, /wrk is not on PATH \(Debian\/Ubuntu: apt-get install wrk\)/);
  });

  it('run --calibrate adds the hand-loop check of each calibrated variant to a normal run', async () => {
    const out = join(work, 'run');
    const run = await poolbench(
      [
        'run',
        'redis',
        '--variants',
        'shared,pooled,unpooled-lean',
        '--command',
        'get',
        '--redis-url',
        REDIS_URL,
        '-c',
        '1,4',
        '-d',
        '500ms',
        '--warmup',
        '0',
        '--trials',
        '1',
        '--micro-time',
        '0',
        '--no-experiments',
        '--format',
        'md',
        '--calibrate',
        '--out',
        out,
      ],
      { cwd: work },
    );
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult;
    const rows = result.calibration?.rows ?? [];
    // unpooled-lean has no hand loop: only the variants a calibration knows, at each concurrency run.
    assert.deepEqual(
      rows.map((r) => `${r.poolbench.variant} c=${r.concurrency}`),
      ['shared c=1', 'shared c=4', 'pooled c=1', 'pooled c=4'],
    );
    for (const row of rows) {
      assertRates(row.poolbench, `${row.work}: poolbench`);
      assertRates(row.handLoop, `${row.work}: hand loop`);
      assert.equal(row.native, undefined, 'run --calibrate runs no native tool');
      assert.ok(positive(row.harnessRatio));
      const measured = result.scenarios[0]!.runs.find(
        (r) => r.variant === row.poolbench.variant && r.concurrency === row.concurrency,
      )!;
      assert.deepEqual(row.poolbench.status === 'measured' && row.poolbench.perSecond, [measured.throughput]);
    }
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /## Calibration/);
    assert.match(run.stdout, /calibration:/);
  });

  it('refuses a scenario without a calibration, and a bad flag, in one line each (exit 2)', async () => {
    const run = await poolbench(['calibrate', 'tcp-echo', '--rounds', '0'], { cwd: work });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /calibrate: no calibration for 'tcp-echo'; scenarios with one: http1, redis, postgres-crud/,
    );
    assert.match(run.stderr, /--rounds: expected a whole number >= 1, got '0'/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    const misused = await poolbench(['run', 'tcp-echo', '--calibrate', '-d', '100ms'], { cwd: work });
    assert.equal(misused.code, 2);
    assert.match(
      misused.stderr,
      /--calibrate: none of tcp-echo has a calibration; scenarios with one: http1, redis/,
    );
  });
});
