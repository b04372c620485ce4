// The server's connection limit, the warning when a run will exceed it, and the hint attached to the
// errors a run meets when it does ("too many clients") or when the server drops a connection.

import type pg from 'pg';

export interface ServerFacts {
  version: string;
  database: string;
  user: string;
  /** The schema poolbench_users lives in: the first existing schema on the search_path. */
  schema: string | null;
  maxConnections: number;
  superuserReserved: number;
  /** PostgreSQL >= 16: slots for roles with pg_use_reserved_connections; 0 before. */
  reserved: number;
  superuser: boolean;
  /** Connections this role may hold at most: superusers may use every slot. */
  usable: number;
}

export async function readServerFacts(db: pg.Client): Promise<ServerFacts> {
  const { rows } = await db.query<{
    version: string;
    database: string;
    user: string;
    schema: string | null;
    max_connections: string;
    superuser_reserved: string;
    reserved: string | null;
    superuser: string;
  }>(`SELECT current_setting('server_version') AS version, current_database() AS database,
            current_user AS user, current_schema() AS schema,
            current_setting('max_connections') AS max_connections,
            current_setting('superuser_reserved_connections') AS superuser_reserved,
            current_setting('reserved_connections', true) AS reserved,
            current_setting('is_superuser') AS superuser`);
  const row = rows[0]!;
  const maxConnections = Number(row.max_connections);
  const superuserReserved = Number(row.superuser_reserved);
  const reserved = Number(row.reserved ?? 0);
  const superuser = row.superuser === 'on';
  return {
    version: row.version,
    database: row.database,
    user: row.user,
    schema: row.schema,
    maxConnections,
    superuserReserved,
    reserved,
    superuser,
    usable: superuser ? maxConnections : maxConnections - superuserReserved - reserved,
  };
}

function describeLimit(facts: ServerFacts): string {
  if (facts.superuser) return `max_connections ${facts.maxConnections} (superuser)`;
  const reserved = facts.reserved > 0 ? ` - reserved_connections ${facts.reserved}` : '';
  return `max_connections ${facts.maxConnections} - superuser_reserved_connections ${facts.superuserReserved}${reserved} = ${facts.usable}`;
}

/** Client backends connected right now (ours included), to tell how many slots are still free. */
export async function connectedClients(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
  );
  return rows[0]?.n ?? 0;
}

/**
 * The warning for a variant that will want `wanted` connections at once, or undefined when they fit.
 * `connected` counts the backends already there, including poolbench's own control connection.
 */
export function connectionLimitWarning(
  facts: ServerFacts,
  what: string,
  wanted: number,
  connected: number,
): string | undefined {
  const free = facts.usable - connected;
  if (wanted + 1 > facts.usable) {
    return `${what} needs ${wanted} connections (plus poolbench's control connection), more than the server allows this role (${describeLimit(facts)}): expect "too many clients" errors; lower -c / --pool-size or raise max_connections`;
  }
  if (wanted > free) {
    return `${what} needs ${wanted} connections but only ${Math.max(0, free)} of the ${facts.usable} slots are free (${connected} clients connected): expect "too many clients" errors`;
  }
  return undefined;
}

/** Generous: a connect that hangs this long is a fault worth an error, not a stuck benchmark. */
export const CONNECT_TIMEOUT_MS = 30_000;

const TERMINATED_HINT =
  'the server terminated the connection (pg_terminate_backend, a restart or an idle timeout); a pool replaces such connections, an op in flight fails';

const HINTS: Record<string, (facts: ServerFacts) => string> = {
  '53300': (facts) =>
    `the server's connection limit was reached (${describeLimit(facts)}, or the role's or database's CONNECTION LIMIT): lower -c / --pool-size, or raise the limit`,
  '57P01': () => TERMINATED_HINT,
};

/** pg reports a dropped or timed-out socket as a plain Error: a name of its own makes it a kind of its own. */
const PLAIN_ERRORS: { pattern: RegExp; name: string; hint: string }[] = [
  {
    pattern: /timeout exceeded|connection timeout|timeout expired/i,
    name: 'ConnectTimeout',
    hint: `no connection within ${CONNECT_TIMEOUT_MS / 1000} s: the server is overloaded or unreachable`,
  },
  {
    pattern: /Connection terminated|connection error and is not queryable/i,
    name: 'ConnectionTerminated',
    hint: TERMINATED_HINT,
  },
];

/** Attaches an actionable `hint` (read by the driver's error classification) to the errors we know. */
export function annotateError(err: unknown, facts: ServerFacts): unknown {
  if (!(err instanceof Error)) return err;
  const fields = err as Error & { code?: unknown; hint?: unknown };
  const byCode = typeof fields.code === 'string' ? HINTS[fields.code] : undefined;
  if (byCode) {
    fields.hint = byCode(facts);
    return err;
  }
  const plain = fields.code === undefined ? PLAIN_ERRORS.find((p) => p.pattern.test(err.message)) : undefined;
  if (plain) {
    err.name = plain.name;
    fields.hint = plain.hint;
  }
  return err;
}
