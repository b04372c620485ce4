// pooled-postgresjs: the `postgres` package's own pool (postgres.js), beside pg.Pool on the same statements.
// Its defaults are kept (named prepared statements, type fetch on connect), as an application gets them.
// It exposes no pool gauges; poolbench hands it the sockets, so it counts connections opened and open.

import { connect, type Socket } from 'node:net';
import pg from 'pg';
import postgres from 'postgres';
import { libraryVersion } from '../library-version.js';
import type { Connector, PooledSettings, Queryable } from './connectors.js';

type Sql = ReturnType<typeof postgres>;

/** The same server pg reaches with `config`, as postgres.js takes it. */
function postgresOptions(config: pg.ClientConfig): postgres.Options<Record<string, never>> {
  const probe = resolved(config);
  const ssl = probe.ssl;
  return {
    host: probe.host,
    port: probe.port,
    user: probe.user,
    database: probe.database,
    ...(typeof probe.password === 'string' && probe.password !== '' ? { password: probe.password } : {}),
    ssl: typeof ssl === 'object' && ssl !== null ? ssl : ssl === true ? 'require' : false,
  };
}

/** pg's own resolution of a config (URL, PG* variables, defaults), so both libraries reach one server. */
function resolved(config: pg.ClientConfig): {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: unknown;
  ssl?: unknown;
} {
  return new pg.Client(config) as unknown as ReturnType<typeof resolved>;
}

export async function postgresjs(
  config: pg.ClientConfig,
  settings: PooledSettings & { applicationName: string; connectTimeoutMs: number },
): Promise<Connector> {
  const base = postgresOptions(config);
  let opened = 0;
  let open = 0;
  const socketTo = (o: { host?: string[]; port?: number[]; path?: string }) =>
    new Promise<Socket>((resolve, reject) => {
      const host = o.host?.[0] ?? 'localhost';
      const port = o.port?.[0] ?? 5432;
      const socket = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
      opened++;
      open++;
      socket.once('close', () => open--);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  // `socket` (a connected socket per connection) is in postgres.js's documentation, not in its types.
  const withSocket = { socket: socketTo };
  const sql: Sql = postgres({
    ...withSocket,
    ...base,
    max: settings.size,
    // Keep warmed connections for the whole variant run, as pg.Pool's idleTimeoutMillis 0 does.
    idle_timeout: 0,
    connect_timeout: Math.ceil(settings.connectTimeoutMs / 1000),
    connection: { application_name: settings.applicationName },
    onnotice: () => {},
  });

  let warmed = 0;
  if (settings.warm) {
    const reserved = await Promise.allSettled(Array.from({ length: settings.size }, () => sql.reserve()));
    for (const r of reserved) if (r.status === 'fulfilled') r.value.release();
    warmed = reserved.filter((r) => r.status === 'fulfilled').length;
    if (warmed === 0) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw (reserved.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    }
  }
  // The workloads call query(text, values) and read rowCount: that much of pg's client, over postgres.js.
  const db = {
    async query(text: string, values: unknown[]) {
      const rows = await sql.unsafe(text, values as postgres.ParameterOrJSON<never>[]);
      return { rowCount: rows.count, rows: [...rows] };
    },
  } as unknown as Queryable;
  return {
    async use(_info, fn) {
      // postgres.js queues each query on a free connection itself: there is no acquire step to time.
      await fn(db);
    },
    gauges: () => ({ created: opened, total: open }),
    details: () => ({
      client: `postgres ${libraryVersion('postgres')}`,
      poolSize: settings.size,
      warmed: settings.warm,
      pool: settings.warm
        ? `postgres.js max ${settings.size}, warmed: ${warmed} connections reserved before the measured window`
        : `postgres.js max ${settings.size}, cold (--cold): connections opened on demand inside the measured window`,
      statements: 'named prepared statements (postgres.js default prepare: true)',
    }),
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
