// Scale-out on one machine: 3 shard processes started together with --start-at against one external echo
// server, merged with `poolbench merge`, against one process at the same total concurrency.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-shards-'));
let server: ChildProcess | undefined;
let target = '';

// A plain echo server in its own process: the one target every shard and the single process share. It
// answers after 10 ms, so the server, not the 2-core machine's CPU, sets the pace for 1 or 3 generators alike.
const ECHO_SERVER = `
const net = require('node:net');
const s = net.createServer((c) => { c.setNoDelay(true); c.on('data', (d) => setTimeout(() => c.write(d), 10)); c.on('error', () => {}); });

s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

before(async () => {
  server = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    server!.stdout!.once('data', (d) => resolve(String(d).trim())),
  );
  target = `127.0.0.1:${port}`;
});
after(() => {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

const COMMON = [
  '--variants',
  'pooled',
  '-d',
  '1s',
  '--warmup',
  '300ms',
  '--trials',
  '3',
  '--micro-time',
  '0',
  '--format',
  'json',
];
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as BenchmarkResult;

describe('sharded runs merged', () => {
  it('3 shards started together and merged match one process at the same total concurrency', async () => {
    const startAt = new Date(Date.now() + 8000).toISOString(); // three CLI start-ups on a busy machine
    const shards = await Promise.all(
      [0, 1, 2].map((i) =>
        poolbench(
          [
            'run',
            'tcp-echo',
            '--target',
            target,
            '-c',
            '6',
            '--shard',
            `${i}/3`,
            '--start-at',
            startAt,
            ...COMMON,
            '--out',
            join(work, `shard-${i}`),
          ],
          {
            cwd: work,
          },
        ),
      ),
    );
    for (const s of shards) assert.equal(s.code, 0, s.stderr);
    for (const i of [0, 1, 2]) {
      const shard = read(join(work, `shard-${i}`));
      assert.deepEqual(shard.shard, { index: i, count: 3 });
      assert.ok(shard.scenarios[0]!.runs.every((r) => r.concurrency === 2 && r.shardOf?.concurrency === 6));
      assert.ok(shard.scenarios[0]!.startSkewMs! < 1000, `skew ${shard.scenarios[0]!.startSkewMs} ms`);
    }

    const merged = await poolbench(
      [
        'merge',
        ...[0, 1, 2].map((i) => join(work, `shard-${i}`, 'result.json')),
        '--out',
        join(work, 'merged'),
        '--format',
        'md',
      ],
      {
        cwd: work,
      },
    );
    assert.equal(merged.code, 0, merged.stderr);
    const single = await poolbench(
      ['run', 'tcp-echo', '--target', target, '-c', '6', ...COMMON, '--out', join(work, 'single')],
      { cwd: work },
    );
    assert.equal(single.code, 0, single.stderr);

    const m = read(join(work, 'merged')).scenarios[0]!.runs;
    const s = read(join(work, 'single')).scenarios[0]!.runs;
    assert.equal(m.length, 3);
    assert.ok(m.every((r) => r.concurrency === 6 && r.perThread?.length === 3));
    for (const r of m)
      assert.equal(r.latencyMs!.count, r.ops, 'percentiles come from the merged histogram of all ops');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const mt = median(m.map((r) => r.throughput));
    const st = median(s.map((r) => r.throughput));
    assert.ok(
      Math.abs(mt - st) / st <= 0.2,
      `merged ${mt.toFixed(0)} ops/s vs single ${st.toFixed(0)} ops/s`,
    );
    // p99 of the merged run within the single process's trial spread, widened by the histogram's noise floor
    const p99s = s.map((r) => r.latencyMs!.p99);
    const mp99 = median(m.map((r) => r.latencyMs!.p99));
    assert.ok(
      mp99 >= Math.min(...p99s) * 0.5 && mp99 <= Math.max(...p99s) * 2,
      `merged p99 ${mp99} vs single ${p99s.join(', ')}`,
    );
  });

  it('refuses to merge runs that differ, saying what differs (exit 2)', async () => {
    const other = await poolbench(
      [
        'run',
        'tcp-echo',
        '--target',
        target,
        '-c',
        '2',
        '--payload',
        '128',
        ...COMMON,
        '--trials',
        '1',
        '--out',
        join(work, 'other'),
      ],
      {
        cwd: work,
      },
    );
    assert.equal(other.code, 0, other.stderr);
    const { code, stderr } = await poolbench(
      [
        'merge',
        join(work, 'shard-0', 'result.json'),
        join(work, 'other', 'result.json'),
        '--out',
        join(work, 'bad'),
      ],
      {
        cwd: work,
      },
    );
    assert.equal(code, 2);
    assert.match(stderr, /cannot merge: .*differs/);
  });
});
