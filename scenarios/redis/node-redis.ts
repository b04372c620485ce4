// pooled-node-redis: the `redis` package (node-redis) with its own pool (createClientPool), beside ioredis
// over poolbench's pool, on the same keys and commands. Its defaults are kept (RESP2, automatic reconnect),
// as an application gets them. Its pool gauges are the library's own; connections opened are counted from
// its diagnostics channel, which node-redis publishes each time a connection becomes ready.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createClientPool } from 'redis';
import type { VariantRun } from '../../src/scenario/index.js';
import { libraryVersion } from '../shared/library-version.js';
import { chaosFor, connectionName, poolSizeOf, type RedisContext } from './context.js';

const READY = 'node-redis:connection:ready';

export async function nodeRedisRun(ctx: RedisContext): Promise<VariantRun> {
  const { endpoint, workload } = ctx.session;
  const size = poolSizeOf(ctx);
  const warm = !ctx.options.cold;
  const chaos = chaosFor(ctx);
  // The channel is process-wide; one variant runs at a time per thread, so its server's port tells ours.
  let opened = 0;
  const onReady = (message: unknown) => {
    if ((message as { serverPort?: number }).serverPort === endpoint.port) opened++;
  };
  subscribe(READY, onReady);
  const pool = createClientPool(
    {
      socket: {
        host: endpoint.host,
        port: endpoint.port,
        connectTimeout: 5000,
        ...(endpoint.tls
          ? { tls: true as const, rejectUnauthorized: !endpoint.insecure, servername: endpoint.host }
          : {}),
      },
      ...(endpoint.username ? { username: endpoint.username } : {}),
      ...(endpoint.password ? { password: endpoint.password } : {}),
      database: endpoint.db,
      name: connectionName(ctx),
    },
    // minimum connections are opened by connect(): all of them when warm, one when cold.
    { minimum: warm ? size : 1, maximum: size, acquireTimeout: 30_000 },
  );
  let errors = 0;
  pool.on('error', () => {
    errors++;
  });
  try {
    await pool.connect();
  } catch (err) {
    unsubscribe(READY, onReady);
    throw err;
  }
  return {
    async op(info) {
      const i = info.iteration;
      const key = workload.key(i);
      await info.time('command', () => (workload.isSet(i) ? pool.set(key, workload.value) : pool.get(key)));
    },
    gauges: () => ({
      created: opened,
      total: pool.totalClients,
      idle: pool.idleClients,
      waiting: pool.tasksQueueLength,
    }),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({
      ...chaos.details(),
      client: `redis ${libraryVersion('redis')} (@redis/client ${libraryVersion('@redis/client')})`,
      poolSize: size,
      warm,
      pool: `node-redis createClientPool, maximum ${size}, minimum ${warm ? size : 1}`,
      clientErrors: errors,
    }),
    async teardown() {
      try {
        await pool.close();
      } finally {
        unsubscribe(READY, onReady);
      }
    },
  };
}
