// A small generic pool of long-lived resources (sockets, connections, worker processes) for scenarios,
// built-in or a user's (`import { ResourcePool } from 'poolbench'`), whose client has no pool of its own.
// Idle resources are a LIFO stack (the warmest first), waiters a FIFO queue; JavaScript's single thread
// makes acquisition lock-free by construction.

import type { PoolGauges } from '../scenario/index.js';

export type OverflowPolicy = 'wait' | 'direct';

export interface ResourcePoolOptions<T> {
  /** Most resources open at once (in the pool, idle or borrowed). */
  max: number;
  create(): Promise<T>;
  destroy(resource: T): Promise<void> | void;
  /** A cheap synchronous check that the resource is still usable (socket not destroyed). */
  isAlive?(resource: T): boolean;
  /** A health check run on borrow (a PING); see `healthCheckMs`. */
  healthCheck?(resource: T): Promise<void>;
  /** 0 = check on every borrow; N = skip when the resource was checked < N ms ago; undefined = never. */
  healthCheckMs?: number;
  /** Close resources idle for longer than this (0 or undefined = keep). */
  idleTimeoutMs?: number;
  /** When all `max` are borrowed: wait for one, or open a throwaway resource (the Go proxy's fallback). */
  overflow?: OverflowPolicy;
}

interface Entry<T> {
  resource: T;
  checkedAt: number;
  idleSince: number;
  pooled: boolean;
}

export class ResourcePool<T> {
  private readonly idle: Entry<T>[] = [];
  private readonly waiters: ((entry: Entry<T> | Error) => void)[] = [];
  private open = 0;
  private created = 0;
  private overflowed = 0;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ResourcePoolOptions<T>) {
    if (opts.idleTimeoutMs) {
      this.sweeper = setInterval(() => this.sweepIdle(), Math.max(10, opts.idleTimeoutMs / 2));
      this.sweeper.unref();
    }
  }

  /** Pre-creates resources until `count` are idle (pool warming / min idle). */
  async warm(count: number): Promise<void> {
    const wanted = Math.min(count, this.opts.max) - this.open;
    const made = await Promise.all(Array.from({ length: Math.max(0, wanted) }, () => this.createEntry(true)));
    for (const entry of made) this.release(entry);
  }

  /** Borrows a resource, runs fn, returns it; a resource whose use threw is destroyed, not returned. */
  async use<R>(fn: (resource: T) => Promise<R>): Promise<R> {
    const entry = await this.acquire();
    let result: R;
    try {
      result = await fn(entry.resource);
    } catch (err) {
      await this.discard(entry);
      throw err;
    }
    this.release(entry);
    return result;
  }

  async acquire(): Promise<Entry<T>> {
    if (this.closed) throw new Error('pool is closed');
    for (;;) {
      const entry = this.idle.pop();
      if (!entry) break;
      if (this.opts.isAlive && !this.opts.isAlive(entry.resource)) {
        await this.discard(entry);
        continue;
      }
      if (await this.passesHealthCheck(entry)) return entry;
    }
    if (this.open < this.opts.max) return this.createEntry(true);
    if (this.opts.overflow === 'direct') {
      this.overflowed++;
      return this.createEntry(false);
    }
    const next = await new Promise<Entry<T> | Error>((resolve) => this.waiters.push(resolve));
    if (next instanceof Error) throw next;
    return next;
  }

  release(entry: Entry<T>): void {
    if (!entry.pooled || this.closed) {
      void this.discard(entry);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(entry);
      return;
    }
    entry.idleSince = performance.now();
    this.idle.push(entry);
  }

  /** Destroys a broken resource; a waiter gets a fresh one in its place. */
  async discard(entry: Entry<T>): Promise<void> {
    if (entry.pooled) this.open--;
    try {
      await this.opts.destroy(entry.resource);
    } catch {
      // already broken: nothing more to release
    }
    // While destroy() was awaited another acquire() may have taken the freed slot: then the waiter keeps
    // waiting for the next release instead of pushing the pool past `max`.
    if (this.open >= this.opts.max) return;
    const waiter = this.waiters.shift();
    if (waiter) this.createEntry(true).then(waiter, (err: Error) => waiter(err));
  }

  gauges(): PoolGauges & { overflowed: number } {
    return {
      created: this.created,
      total: this.open,
      idle: this.idle.length,
      waiting: this.waiters.length,
      overflowed: this.overflowed,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) waiter(new Error('pool is closed'));
    const idle = this.idle.splice(0);
    this.open -= idle.length;
    await Promise.all(idle.map(async (e) => this.opts.destroy(e.resource)));
  }

  private async createEntry(pooled: boolean): Promise<Entry<T>> {
    if (pooled) this.open++;
    try {
      const resource = await this.opts.create();
      this.created++;
      const now = performance.now();
      return { resource, checkedAt: now, idleSince: now, pooled };
    } catch (err) {
      if (pooled) this.open--;
      throw err;
    }
  }

  private async passesHealthCheck(entry: Entry<T>): Promise<boolean> {
    const { healthCheck, healthCheckMs } = this.opts;
    if (!healthCheck || healthCheckMs === undefined) return true;
    const now = performance.now();
    if (healthCheckMs > 0 && now - entry.checkedAt < healthCheckMs) return true;
    try {
      await healthCheck(entry.resource);
      entry.checkedAt = now;
      return true;
    } catch {
      await this.discard(entry);
      return false;
    }
  }

  private sweepIdle(): void {
    const limit = performance.now() - (this.opts.idleTimeoutMs ?? 0);
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i]!;
      if (entry.idleSince < limit) {
        this.idle.splice(i, 1);
        void this.discard(entry);
      }
    }
  }
}
