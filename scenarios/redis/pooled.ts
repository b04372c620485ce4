// pooled*: each op borrows one of N dedicated connections (--pool-size, default min(concurrency, 10)).
// pipeline-B: each op borrows one and sends a batch of B commands in one write (unit: commands).

import type { Facts, VariantRun } from '../../src/scenario/index.js';
import { libraryVersion } from '../shared/library-version.js';
import { openConnection } from './connect.js';
import { chaosFor, connectionName, poolSizeOf, type RedisContext } from './context.js';
import { ClientPool, type HealthCheck } from './pool.js';

async function openPool(ctx: RedisContext, healthCheck: HealthCheck): Promise<ClientPool> {
  const name = connectionName(ctx);
  const pool = new ClientPool({
    size: poolSizeOf(ctx),
    healthCheck,
    healthCheckTtlMs: ctx.options.healthCheckTtlMs,
    connect: () => openConnection(ctx.session.endpoint, { name }),
  });
  if (!ctx.options.cold) {
    try {
      await pool.warm();
    } catch (err) {
      await pool.close();
      throw err;
    }
  }
  return pool;
}

function poolDetails(ctx: RedisContext, pool: ClientPool): Facts {
  const { size, healthCheck, healthCheckTtlMs } = pool.opts;
  return {
    client: `ioredis ${libraryVersion('ioredis')}`,
    poolSize: size,
    warm: !ctx.options.cold,
    healthCheck: healthCheck === 'cached' ? `cached ${healthCheckTtlMs} ms` : healthCheck,
    pingsPerBorrow: pool.pingsPerBorrow(),
  };
}

export async function pooledRun(ctx: RedisContext, healthCheck: HealthCheck): Promise<VariantRun> {
  const { workload } = ctx.session;
  const chaos = chaosFor(ctx);
  const pool = await openPool(ctx, healthCheck);
  return {
    op: (info) =>
      pool.use(info, (client) => info.time('command', () => workload.run(client, info.iteration))),
    gauges: () => pool.pool.gauges(),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ ...poolDetails(ctx, pool), ...chaos.details() }),
    teardown: () => pool.close(),
  };
}

export async function pipelineRun(ctx: RedisContext, batch: number): Promise<VariantRun> {
  const { workload } = ctx.session;
  const chaos = chaosFor(ctx);
  const pool = await openPool(ctx, ctx.options.healthCheck);
  return {
    op: (info) =>
      pool.use(info, (client) =>
        info.time('batch', () => workload.runBatch(client, info.iteration * batch, batch)),
      ),
    unit: { name: 'commands', perOp: batch },
    gauges: () => pool.pool.gauges(),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ ...poolDetails(ctx, pool), batch, ...chaos.details() }),
    teardown: () => pool.close(),
  };
}
