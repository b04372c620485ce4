// The pooled variant's pool, also used by the acquire micro-benchmark, so both measure the same thing:
// persistent echo connections to one address, at most `max` of them (the seed's max per address).

import type { OverflowPolicy } from '../../src/pool/resource-pool.js';
import { ResourcePool } from '../../src/pool/resource-pool.js';
import type { Address } from './address.js';
import { connectEcho, type EchoConnection } from './echo-connection.js';

export interface EchoPoolOptions {
  address: Address;
  max: number;
  /** 0 = keep idle connections for ever. */
  idleTimeoutMs: number;
  overflow: OverflowPolicy;
}

export interface EchoPool {
  pool: ResourcePool<EchoConnection>;
  /** Connections thrown away because they broke (reset, closed by the server, a bad echo). */
  discardedBroken(): number;
}

export function createEchoPool(opts: EchoPoolOptions): EchoPool {
  let broken = 0;
  const pool = new ResourcePool<EchoConnection>({
    max: opts.max,
    create: () => connectEcho(opts.address),
    destroy: (conn) => {
      if (!conn.alive) broken++;
      conn.destroy();
    },
    // A socket the server reset while it sat idle is noticed here, on borrow, and replaced.
    isAlive: (conn) => conn.alive,
    ...(opts.idleTimeoutMs > 0 ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
    overflow: opts.overflow,
  });
  return { pool, discardedBroken: () => broken };
}
