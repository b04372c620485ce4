// The redis scenario's bad inputs and faults, against real servers: a spawned redis-server with a
// password, a closed port, a cluster node, no server at all, and connections killed mid-run.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { generate } from 'selfsigned';
import { openConnection } from '../../scenarios/redis/connect.js';
import { parseEndpoint } from '../../scenarios/redis/endpoint.js';
import { redis } from '../../scenarios/redis/index.js';
import { type RedisOptions, validate } from '../../scenarios/redis/options.js';
import { RedisSession } from '../../scenarios/redis/session.js';
import {
  findOnPath,
  freePort,
  type SpawnedRedis,
  spawnRedisServer,
} from '../../scenarios/redis/spawn-server.js';
import { parseServerInfo } from '../../scenarios/redis/target.js';
import { countKeys } from '../../scenarios/redis/workload.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { TargetError } from '../../src/errors.js';
import { optionValues } from '../../src/scenario/index.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const PASSWORD = 's3cret-Pa55word';
const noSignal = new AbortController().signal;
const binary = findOnPath('redis-server');

/** The scenario's options: its defaults with these laid over. */
const opts = (over: Partial<RedisOptions>) => optionValues(redis, over);

async function openFails(values: Partial<RedisOptions>): Promise<TargetError> {
  try {
    const session = await RedisSession.open(opts(values), noSignal);
    await session.close();
  } catch (err) {
    assert.ok(err instanceof TargetError, `expected a TargetError, got ${err}`);
    assert.equal(err.exitCode, 1);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err;
  }
  assert.fail('open() succeeded');
}

describe('redis target errors', { skip: !binary && 'redis-server is not on PATH' }, () => {
  let guarded: SpawnedRedis;
  let cluster: SpawnedRedis;
  const clusterDir = mkdtempSync(join(tmpdir(), 'poolbench-redis-cluster-'));

  before(async () => {
    guarded = await spawnRedisServer({ binary: binary!, extraArgs: ['--requirepass', PASSWORD] });
    cluster = await spawnRedisServer({
      binary: binary!,
      extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', join(clusterDir, 'nodes.conf')],
    });
  });

  after(async () => {
    await guarded.stop();
    await cluster.stop();
    rmSync(clusterDir, { recursive: true, force: true });
  });

  it('a wrong password: one line, exit 1, the password hidden', async () => {
    const url = `redis://:wrong-${PASSWORD}@127.0.0.1:${guarded.port}`;
    const err = await openFails({ redisUrl: url });
    assert.match(err.message, /refused the credentials \(WRONGPASS/);
    assert.ok(!err.message.includes(PASSWORD), err.message);
    assert.match(err.message, /redis:\/\/:\*\*\*@127\.0\.0\.1/);
  });

  it('no password where one is required says so', async () => {
    const err = await openFails({ redisUrl: guarded.url });
    assert.match(err.message, /requires a password \(NOAUTH/);
  });

  it('the right password works, and its keys are removed', async () => {
    const session = await RedisSession.open(
      opts({ redisUrl: `redis://:${PASSWORD}@127.0.0.1:${guarded.port}` }),
      noSignal,
    );
    assert.equal(session.target.url, `redis://:***@127.0.0.1:${guarded.port}`);
    const probe = new Redis({ port: guarded.port, password: PASSWORD, lazyConnect: true });
    await probe.connect();
    assert.ok((await countKeys(probe, session.keyPrefix)) > 0);
    await session.close();
    assert.equal(await countKeys(probe, session.keyPrefix), 0);
    await probe.quit();
  });

  it('an unreachable server, keeping the socket error code', async () => {
    // The guarded server's port + a stopped one: spawn and stop to get a port nothing listens on.
    const gone = await spawnRedisServer({ binary: binary! });
    await gone.stop();
    const err = await openFails({ redisUrl: gone.url });
    assert.match(err.message, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
    await assert.rejects(openConnection(parseEndpoint(gone.url, false)), { code: 'ECONNREFUSED' });
  });

  it('a cluster node or a Sentinel URL is refused as unsupported', async () => {
    const node = await openFails({ redisUrl: cluster.url });
    assert.match(node.message, /Cluster node, which this scenario does not support/);
    const sentinel = await openFails({ redisUrl: `redis+sentinel://:${PASSWORD}@127.0.0.1:26379/mymaster` });
    assert.match(sentinel.message, /Sentinel and Cluster URLs are not supported/);
    assert.ok(!sentinel.message.includes(PASSWORD));
  });

  it('no URL and no redis-server on PATH names the three ways to get a server', async () => {
    const saved = { url: process.env.REDIS_URL, path: process.env.PATH };
    delete process.env.REDIS_URL;
    process.env.PATH = join(tmpdir(), 'poolbench-no-such-dir');
    try {
      const err = await openFails({});
      assert.match(err.message, /REDIS_URL/);
      assert.match(err.message, /docker compose up -d redis/);
      assert.match(err.message, /apt-get install redis-server/);
    } finally {
      process.env.PATH = saved.path;
      if (saved.url !== undefined) process.env.REDIS_URL = saved.url;
    }
  });
});

describe('redis over TLS (rediss://)', { skip: !binary && 'redis-server is not on PATH' }, () => {
  let server: SpawnedRedis;
  let tlsPort: number;
  const dir = mkdtempSync(join(tmpdir(), 'poolbench-redis-tls-'));

  before(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    writeFileSync(join(dir, 'cert.pem'), pems.cert);
    writeFileSync(join(dir, 'key.pem'), pems.private);
    tlsPort = await freePort();
    // The plain port stays open too: spawnRedisServer waits for it to answer PING.
    server = await spawnRedisServer({
      binary: binary!,
      extraArgs: [
        ...['--tls-port', String(tlsPort), '--tls-auth-clients', 'no'],
        ...['--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem')],
        ...['--tls-ca-cert-file', join(dir, 'cert.pem')],
      ],
    });
  });

  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a self-signed certificate is refused with a pointer to --insecure, and accepted with it', async () => {
    const url = `rediss://127.0.0.1:${tlsPort}`;
    const err = await openFails({ redisUrl: url });
    assert.match(
      err.message,
      /^TLS with rediss:\/\/127\.0\.0\.1:\d+ failed \(.*\): for a self-signed certificate pass --insecure/,
    );
    const session = await openScenario(redis, { redisUrl: url, insecure: true }, noSignal);
    try {
      assert.match(session.target.description, /\(TLS\)$/);
      const run = await session.setup('unpooled', { concurrency: 1, signal: noSignal });
      const steps: string[] = [];
      const time = <T>(step: string, fn: () => Promise<T>) => {
        steps.push(step);
        return fn();
      };
      await run.op({ worker: 0, iteration: 1, time });
      await run.teardown?.();
      assert.deepEqual(steps, ['connect', 'command', 'quit']);
    } finally {
      await session.close();
    }
  });
});

describe('redis options and server detection', () => {
  it('rejects URLs that are not redis:// or rediss://, with the password hidden', () => {
    assert.deepEqual(validate(opts({ redisUrl: 'redis://127.0.0.1:6379/0' })), []);
    assert.deepEqual(validate(opts({ redisUrl: 'rediss://u:p@host:6380' })), []);
    const [problem] = validate(opts({ redisUrl: `http://:${PASSWORD}@127.0.0.1:6379` }));
    assert.match(problem ?? '', /expected redis:\/\/ or rediss:\/\//);
    assert.ok(!problem?.includes(PASSWORD));
    assert.match(validate(opts({ redisUrl: 'redis://127.0.0.1:6379/x' }))[0] ?? '', /database number/);
  });

  it('names Valkey and Dragonfly from INFO server', () => {
    assert.deepEqual(
      parseServerInfo(
        '# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\nredis_mode:standalone\r\n',
      ),
      {
        name: 'valkey',
        version: '8.0.1',
        mode: 'standalone',
      },
    );
    assert.deepEqual(
      parseServerInfo(
        '# Server\r\nredis_version:7.4.0\r\ndragonfly_version:df-v1.25.1\r\nredis_mode:standalone\r\n',
      ),
      {
        name: 'dragonfly',
        version: '1.25.1',
        mode: 'standalone',
      },
    );
  });
});

describe('redis --chaos kill-clients against the local Redis', () => {
  const settings: DriverSettings = {
    durationMs: 800,
    warmupMs: 100,
    trials: 1,
    microTimeMs: 0,
    experiments: false,
    load: { kind: 'closed', concurrency: [8] },
    variants: ['shared', 'shared-autopipeline', 'pooled', 'pipeline-50'],
  };

  it('shared and pooled variants recover; errors are counted; other clients are untouched', async () => {
    const bystander = new Redis(REDIS_URL, { lazyConnect: true, connectionName: 'poolbench-test-bystander' });
    await bystander.connect();
    const bystanderId = await bystander.client('ID');
    const result = await runScenario(
      redis,
      { redisUrl: REDIS_URL, chaos: 'kill-clients' },
      {},
      settings,
      noSignal,
    );
    for (const run of result.runs) {
      assert.equal(run.status, 'completed', `${run.variant}: ${run.error}`);
      assert.ok(Number(run.details?.clientsKilled) >= 1, `${run.variant} killed nothing`);
      // New connections replaced the killed ones inside the window.
      assert.ok((run.pool?.opened ?? 0) >= 1, `${run.variant} did not reconnect`);
      for (const kind of Object.keys(run.errorKinds)) {
        assert.ok(['CONNECTION_CLOSED', 'ECONNRESET', 'EPIPE'].includes(kind), `${run.variant}: ${kind}`);
      }
      if (run.errors > 0)
        assert.notEqual(run.recovery?.recoveryMs ?? null, null, `${run.variant} never recovered`);
    }
    assert.ok(
      result.runs.some((r) => r.errors > 0),
      'killing busy connections failed no command at all',
    );
    // The bystander's connection was not killed: same connection, still answering.
    assert.equal(await bystander.client('ID'), bystanderId);
    await bystander.quit();
  });
});
