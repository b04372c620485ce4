// How an op gets its connection: the only thing that differs between the variants of the PostgreSQL
// scenarios. unpooled: a new pg.Client per op (connect + authenticate, query, end), the seed's
// NoPoolManager; pooled: pg.Pool, the seed's SimpleConnectionPool. Each times its connection step.

import pg from 'pg';
import { errorMessage } from '../../../src/errors.js';
import type { OpInfo, PoolGauges } from '../../../src/scenario/index.js';
import { redactText } from '../../../src/util/redact.js';

/** What an op gets: a pg.Client or a pooled client. */
export type Queryable = pg.ClientBase;

/**
 * An error of the workload itself, thrown with the connection in a good state (a missing row, say): the
 * pool keeps the connection. Mark such an error with `connectionUsable = true`.
 */
export interface WorkloadError extends Error {
  readonly connectionUsable: true;
}

export interface Connector {
  /** Runs fn on a connection, timing how long getting that connection took. */
  use(info: OpInfo, fn: (db: Queryable) => Promise<void>): Promise<void>;
  gauges(): PoolGauges;
  details(): Record<string, string | number | boolean>;
  close(): Promise<void>;
}

// Errors reach us through each call's promise; a client without an 'error' listener would crash the
// process when the server drops its socket between two calls.
const ignore = () => {};

export function unpooled(config: pg.ClientConfig): Connector {
  let opened = 0;
  return {
    async use(info, fn) {
      const client = new pg.Client(config);
      client.on('error', ignore);
      // Every attempt opens a socket, failed or not: counting attempts keeps the reuse rate at 0.
      opened++;
      try {
        await info.time('connect', () => client.connect());
        await fn(client);
      } finally {
        await client.end().catch(ignore);
      }
    },
    gauges: () => ({ created: opened }),
    details: () => ({ connections: 'a new pg.Client per op: connect + authenticate, query, end' }),
    async close() {},
  };
}

/** A server-reported statement error leaves the connection usable; anything else may have broken it. */
function connectionSurvived(err: unknown): boolean {
  if ((err as Partial<WorkloadError> | null)?.connectionUsable === true) return true;
  return err instanceof pg.DatabaseError && err.severity === 'ERROR';
}

export interface PooledSettings {
  size: number;
  /** Open every connection before the measured window (the default), or start cold. */
  warm: boolean;
}

export async function pooled(config: pg.ClientConfig, settings: PooledSettings): Promise<Connector> {
  const pool = new pg.Pool({
    ...config,
    max: settings.size,
    // Keep warmed connections for the whole variant run, however long a phase leaves some idle.
    idleTimeoutMillis: 0,
  });
  let connects = 0;
  let idleErrors = 0;
  pool.on('connect', (client) => {
    connects++;
    client.on('error', ignore);
  });
  // An idle client whose server connection died: pg.Pool drops it; without a listener the process would crash.
  pool.on('error', () => {
    idleErrors++;
  });

  let warmed = 0;
  let warmFailure: string | undefined;
  if (settings.warm) {
    const attempts = await Promise.allSettled(Array.from({ length: settings.size }, () => pool.connect()));
    for (const a of attempts) if (a.status === 'fulfilled') a.value.release();
    warmed = attempts.filter((a) => a.status === 'fulfilled').length;
    const failure = attempts.find((a) => a.status === 'rejected');
    if (failure) warmFailure = redactText(errorMessage((failure as PromiseRejectedResult).reason));
    if (warmed === 0) {
      await pool.end().catch(ignore);
      throw (failure as PromiseRejectedResult).reason;
    }
  }

  return {
    async use(info, fn) {
      const client = await info.time('acquire', () => pool.connect());
      try {
        await fn(client);
        client.release();
      } catch (err) {
        // release(err) destroys the client instead of returning a possibly broken one to the pool.
        client.release(connectionSurvived(err) ? undefined : (err as Error));
        throw err;
      }
    },
    gauges: () => ({
      created: connects,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    details: () => ({
      poolSize: settings.size,
      warmed: settings.warm,
      pool: settings.warm
        ? `pg.Pool max ${settings.size}, warmed: ${warmed} connections opened before the measured window${warmFailure ? ` (${settings.size - warmed} failed: ${warmFailure})` : ''}`
        : `pg.Pool max ${settings.size}, cold (--cold): connections opened on demand inside the measured window`,
      idleClientErrors: idleErrors,
    }),
    async close() {
      await pool.end();
    },
  };
}
