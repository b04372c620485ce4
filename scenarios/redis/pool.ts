// A pool of dedicated ioredis connections on the shared ResourcePool, with the seed's knobs: warming
// (pre-created connections) and a PING health check on borrow, always or cached for a TTL.

import type { Redis } from 'ioredis';
import { ResourcePool } from '../../src/pool/resource-pool.js';
import type { OpInfo } from '../../src/scenario/index.js';
import { closeConnection, explainError } from './connect.js';

export type HealthCheck = 'always' | 'cached' | 'off';

export interface ClientPoolOptions {
  size: number;
  healthCheck: HealthCheck;
  healthCheckTtlMs: number;
  connect(): Promise<Redis>;
}

export class ClientPool {
  readonly pool: ResourcePool<Redis>;
  private borrows = 0;
  private pings = 0;

  constructor(readonly opts: ClientPoolOptions) {
    this.pool = new ResourcePool<Redis>({
      max: opts.size,
      create: opts.connect,
      destroy: closeConnection,
      // A connection the server closed is dropped on borrow, never handed out.
      isAlive: (client) => client.status === 'ready',
      healthCheck: async (client) => {
        this.pings++;
        await client.ping();
      },
      healthCheckMs:
        opts.healthCheck === 'always' ? 0 : opts.healthCheck === 'cached' ? opts.healthCheckTtlMs : undefined,
    });
  }

  warm(): Promise<void> {
    return this.pool.warm(this.opts.size);
  }

  /** Borrows a connection (timed as 'borrow': the health check shows there), runs fn, returns it. */
  async use(info: OpInfo, fn: (client: Redis) => Promise<unknown>): Promise<void> {
    const entry = await info.time('borrow', () => this.pool.acquire());
    this.borrows++;
    try {
      await fn(entry.resource);
    } catch (err) {
      // The connection may be broken: replace it rather than hand it to the next op.
      await this.pool.discard(entry);
      throw explainError(err);
    }
    this.pool.release(entry);
  }

  /** Health-check PINGs per borrow, warm-up included (0 when off, ~1 when always, ~0 when cached). */
  pingsPerBorrow(): number {
    return this.borrows > 0 ? Math.round((this.pings / this.borrows) * 1000) / 1000 : 0;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
