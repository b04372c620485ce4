// The redis scenario against a real Redis (REDIS_URL, else 127.0.0.1:6379) and a spawned redis-server:
// every variant completes, its keys are gone afterwards and nobody else's are touched.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { redis } from '../../scenarios/redis/index.js';
import { RedisSession } from '../../scenarios/redis/session.js';
import { countKeys } from '../../scenarios/redis/workload.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { optionValues } from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';
import { portAnswers } from '../helpers/net.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 300, warmupMs: 100, ...over });

const noSignal = new AbortController().signal;

describe('redis scenario against the local Redis', () => {
  let client: Redis;
  const otherKey = `poolbench-test-other:${randomBytes(4).toString('hex')}`;

  before(async () => {
    client = new Redis(REDIS_URL, { lazyConnect: true });
    await client.connect();
    // Someone else's key: it must survive every run untouched.
    await client.set(otherKey, 'not yours');
  });

  after(async () => {
    await client.del(otherKey);
    await client.quit();
  });

  it('runs every variant, removes its keys and leaves other keys alone', async () => {
    const result = await runScenario(redis, { redisUrl: REDIS_URL }, {}, settings(), noSignal);
    assert.deepEqual(
      result.runs.map((r) => r.variant),
      redis.variantNames,
    );
    for (const run of result.runs) {
      assert.equal(run.status, 'completed', `${run.variant}: ${run.error}`);
      assert.ok(run.ops > 0, `${run.variant} did no ops`);
      assert.equal(run.errors, 0, `${run.variant}: ${JSON.stringify(run.errorHints)}`);
    }
    const byName = new Map(result.runs.map((r) => [r.variant, r]));
    // Connect per op: every op opened a connection, and the breakdown separates connect from command.
    const unpooled = byName.get('unpooled')!;
    assert.equal(unpooled.pool?.reuseRate, 0);
    assert.deepEqual(Object.keys(unpooled.breakdownMs ?? {}).sort(), ['command', 'connect', 'quit']);
    // Pools reuse their connections; the hc-always pool PINGs on every borrow, the plain one never.
    assert.equal(byName.get('pooled')!.pool?.opened, 0);
    assert.equal(byName.get('pooled')!.details?.pingsPerBorrow, 0);
    assert.equal(byName.get('pooled-hc-always')!.details?.pingsPerBorrow, 1);
    // node-redis's own pool beside it: warmed too, its gauges the library's, both versions recorded.
    const nodeRedis = byName.get('pooled-node-redis')!;
    assert.equal(nodeRedis.pool?.opened, 0);
    assert.equal(nodeRedis.pool?.total, 4);
    assert.match(String(nodeRedis.details?.client), /^redis 5\.\d+\.\d+ \(@redis\/client 5\.\d+\.\d+\)$/);
    assert.match(String(byName.get('pooled')!.details?.client), /^ioredis 6\.\d+\.\d+$/);
    // A pipeline op is a batch: commands/s = ops/s x batch.
    const p50 = byName.get('pipeline-50')!;
    assert.deepEqual(p50.unit && { name: p50.unit.name, perOp: p50.unit.perOp }, {
      name: 'commands',
      perOp: 50,
    });
    // The large effect, with a generous margin: a shared connection beats a connection per op.
    assert.ok(
      byName.get('shared')!.throughput > 2 * unpooled.throughput,
      `shared ${byName.get('shared')!.throughput} vs unpooled ${unpooled.throughput}`,
    );

    const info = String(await client.info('server'));
    assert.equal(result.target.server, 'redis');
    assert.equal(result.target.serverVersion, /redis_version:(\S+)/.exec(info)?.[1]);
    const prefix = String(result.details?.keyPrefix);
    assert.match(prefix, /^poolbench:[0-9a-f]{8}:$/);
    assert.equal(await countKeys(client, prefix), 0);
    assert.equal(await client.get(otherKey), 'not yours');
  });

  it("counts node-redis's connections opened inside the window when its pool starts cold", async () => {
    const result = await runScenario(
      redis,
      { redisUrl: REDIS_URL, cold: true },
      {},
      settings({ variants: ['pooled-node-redis'], warmupMs: 0 }),
      noSignal,
    );
    const run = result.runs[0]!;
    assert.equal(run.errors, 0, JSON.stringify(run.errorHints));
    // One connection opened by connect() before the window, the rest on demand inside it.
    assert.equal(run.pool?.opened, 3);
    assert.equal(run.pool?.total, 4);
  });

  it('removes its keys when the run is interrupted (Ctrl-C) mid-window', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const result = await runScenario(
      redis,
      { redisUrl: REDIS_URL },
      {},
      settings({ variants: ['pooled', 'shared'], durationMs: 5000 }),
      controller.signal,
    );
    assert.ok(result.runs.length < 2, 'the run was not interrupted');
    const prefix = /poolbench:[0-9a-f]{8}:/.exec(result.notes.join(' '))?.[0];
    assert.ok(prefix, 'the notes name the key prefix');
    assert.equal(await countKeys(client, prefix), 0);
    assert.equal(await client.get(otherKey), 'not yours');
  });

  it('writes its key space at open and deletes it at close; close() is safe twice', async () => {
    const session = await RedisSession.open(
      optionValues(redis, { redisUrl: REDIS_URL, keySpace: 200 }),
      noSignal,
    );
    // The key space, plus the owner key that tells a later run whether this one is still alive.
    assert.equal(await countKeys(client, session.keyPrefix), 201);
    assert.equal(await client.exists(`${session.keyPrefix}owner`), 1);
    await Promise.all([session.close(), session.close()]);
    await session.close();
    assert.equal(session.deletedKeys, 201);
    assert.equal(await countKeys(client, session.keyPrefix), 0);
  });
});

describe('redis scenario with no target configured', () => {
  it('spawns a throwaway redis-server, measures against it and stops it', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const result = await runScenario(redis, {}, {}, settings({ variants: ['shared', 'pooled'] }), noSignal);
      assert.equal(result.target.embedded, true);
      assert.equal(result.target.server, 'redis');
      assert.match(result.target.url ?? '', /^redis:\/\/127\.0\.0\.1:\d+$/);
      for (const run of result.runs) assert.equal(run.status, 'completed', run.error);
      const port = Number(new URL(result.target.url!).port);
      assert.equal(await portAnswers(port), false, 'the spawned redis-server is still running');
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });
});
