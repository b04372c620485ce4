// pooled*: each op borrows one of N dedicated connections (--pool-size, default min(concurrency, 10)).
// pipeline-B: each op borrows one and sends a batch of B commands in one write (unit: commands).

import type { VariantRun } from '../../src/driver/scenario.js';
import { openConnection } from './connect.js';
import { ClientPool, type HealthCheck } from './pool.js';
import type { Chaos, VariantDeps } from './variants.js';

async function openPool(
  deps: VariantDeps,
  name: string,
  size: number,
  healthCheck: HealthCheck,
): Promise<ClientPool> {
  const pool = new ClientPool({
    size,
    healthCheck,
    healthCheckTtlMs: deps.settings.healthCheckTtlMs,
    connect: () => openConnection(deps.endpoint, { name }),
  });
  if (!deps.settings.cold) {
    try {
      await pool.warm();
    } catch (err) {
      await pool.close();
      throw err;
    }
  }
  return pool;
}

function poolDetails(deps: VariantDeps, pool: ClientPool): Record<string, string | number | boolean> {
  const { size, healthCheck, healthCheckTtlMs } = pool.opts;
  return {
    poolSize: size,
    warm: !deps.settings.cold,
    healthCheck: healthCheck === 'cached' ? `cached ${healthCheckTtlMs} ms` : healthCheck,
    pingsPerBorrow: pool.pingsPerBorrow(),
  };
}

export async function pooledRun(
  deps: VariantDeps,
  name: string,
  size: number,
  healthCheck: HealthCheck,
  chaos: Chaos,
): Promise<VariantRun> {
  const pool = await openPool(deps, name, size, healthCheck);
  return {
    op: (info) =>
      pool.use(info, (client) => info.time('command', () => deps.workload.run(client, info.iteration))),
    gauges: () => pool.pool.gauges(),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ ...poolDetails(deps, pool), ...chaos.details() }),
    teardown: () => pool.close(),
  };
}

export async function pipelineRun(
  deps: VariantDeps,
  name: string,
  size: number,
  batch: number,
  chaos: Chaos,
): Promise<VariantRun> {
  const pool = await openPool(deps, name, size, deps.settings.healthCheck);
  return {
    op: (info) =>
      pool.use(info, (client) =>
        info.time('batch', () => deps.workload.runBatch(client, info.iteration * batch, batch)),
      ),
    unit: { name: 'commands', perOp: batch },
    gauges: () => pool.pool.gauges(),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ ...poolDetails(deps, pool), batch, ...chaos.details() }),
    teardown: () => pool.close(),
  };
}
