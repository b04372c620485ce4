// Which PostgreSQL to benchmark: --pg-url / DATABASE_URL, else the libpq PG* variables (pg reads them
// itself), else an embedded throwaway server. The result says which one was used, password hidden.

import pg from 'pg';
import { redactUrl } from '../../../src/util/redact.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.js';
import type { TargetLabel } from './target-errors.js';

export const PG_VARIABLES = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'] as const;

export interface PgTarget extends TargetLabel {
  kind: 'url' | 'env' | 'embedded';
  /** Connection settings for every client of the run; each adds its own application_name. */
  config: pg.ClientConfig;
  embedded?: EmbeddedServer;
  /** How another worker thread of this process reaches the same server (password included: never shown). */
  remoteUrl?: string;
  /** Stops what we started (the embedded server); a no-op for a server we did not start. */
  stop(): Promise<void>;
}

const nothingToStop = async () => {};

export async function resolveTarget(
  pgUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<PgTarget> {
  if (pgUrl) return urlTarget(pgUrl, env);
  const given = PG_VARIABLES.filter((name) => env[name]);
  if (given.length > 0) return envTarget(given);
  return embeddedTarget(await startEmbeddedPostgres(signal));
}

function urlTarget(url: string, env: NodeJS.ProcessEnv): PgTarget {
  const parsed = new URL(url);
  // Our application_name marks this run's connections (for --chaos kill-backends); a URL's own would win
  // over ours in pg's precedence, so it goes.
  parsed.searchParams.delete('application_name');
  const password = parsed.password ? decodeURIComponent(parsed.password) : env.PGPASSWORD;
  return {
    kind: 'url',
    source: env.DATABASE_URL === url ? 'DATABASE_URL' : '--pg-url',
    displayUrl: redactUrl(url),
    secret: password || undefined,
    config: { connectionString: parsed.toString() },
    remoteUrl: url,
    stop: nothingToStop,
  };
}

/** What pg itself resolves from the PG* variables and its defaults, shown as a URL. */
function envTarget(given: readonly string[]): PgTarget {
  const probe = new pg.Client();
  const password = (probe as unknown as { password?: string }).password;
  const user = encodeURIComponent(probe.user ?? '');
  const auth = `${user}${password ? ':***' : ''}`;
  const database = encodeURIComponent(probe.database ?? '');
  const host = probe.host ?? 'localhost';
  const displayUrl = host.startsWith('/')
    ? `postgres://${auth}@/${database}?host=${encodeURIComponent(host)}&port=${probe.port}`
    : `postgres://${auth}@${host.includes(':') ? `[${host}]` : host}:${probe.port}/${database}`;
  return {
    kind: 'env',
    source: `the PG* variables (${given.join(', ')})`,
    displayUrl,
    secret: password || undefined,
    config: {},
    stop: nothingToStop,
  };
}

function embeddedTarget(server: EmbeddedServer): PgTarget {
  return {
    kind: 'embedded',
    source: 'the embedded PostgreSQL',
    displayUrl: `postgres://${server.user}:***@${server.host}:${server.port}/${server.database}`,
    secret: server.password,
    config: {
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: server.database,
      // Our own loopback server: ignore a PGSSLMODE meant for another one.
      ssl: false,
    },
    embedded: server,
    remoteUrl: `postgres://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${server.database}`,
    stop: () => server.stop(),
  };
}

export function describeTarget(target: PgTarget, serverVersion: string): string {
  switch (target.kind) {
    case 'embedded': {
      // As root the server runs as another OS account: the run says which, and why, in this one line.
      const account = target.embedded?.osAccount;
      const as = account ? `; runs as OS user ${account.name}: ${account.why}` : '';
      return `embedded PostgreSQL ${serverVersion} (throwaway, started for this run, removed afterwards${as})`;
    }
    case 'url':
      return `PostgreSQL ${serverVersion} from ${target.source}`;
    case 'env':
      return `PostgreSQL ${serverVersion} from ${target.source}`;
  }
}
