// Which PgBouncer the pgbouncer variants go through: --pgbouncer-url / PGBOUNCER_URL, else one poolbench
// starts from PATH (Debian's package puts it in /usr/sbin) in front of the target, else none: then those
// variants are skipped with the one line saying how to get PgBouncer, and the others run.

import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { errorMessage } from '../../../src/errors.js';
import { redactUrl } from '../../../src/util/redact.js';
import { findOnPath } from '../../redis/spawn-server.js';
import { serverAccount } from './os-account.js';
import { spawnPgBouncer, type Upstream } from './pgbouncer-process.js';
import type { PgTarget } from './target.js';

export const PGBOUNCER_VARIANTS = ['pgbouncer', 'pooled-pgbouncer'] as const;

/** What the two variants need: how to reach PgBouncer, and what it is. */
export interface PgBouncer {
  /** Client settings; each variant adds its own application_name. */
  readonly config: pg.ClientConfig;
  readonly displayUrl: string;
  /** How another worker thread reaches the same PgBouncer (password included: never shown). */
  readonly remoteUrl: string;
  readonly description: string;
  /** Server connections it keeps (when poolbench started it; unknown for a given one). */
  readonly serverPoolSize?: number;
  stop(): Promise<void>;
}

export type PgBouncerResolution = { ok: true; pgbouncer: PgBouncer } | { ok: false; why: string };

export const HOW_TO_GET =
  'install it (apt-get install pgbouncer, brew install pgbouncer), or run one (docker compose up -d pgbouncer) and give --pgbouncer-url / PGBOUNCER_URL';

const nothingToStop = async () => {};

/** Looks in PATH, then where distributions put daemons (not on a normal user's PATH). */
export function findPgBouncer(path = process.env.PATH ?? ''): string | undefined {
  return findOnPath('pgbouncer', [path, '/usr/sbin', '/usr/local/sbin'].join(delimiter));
}

export async function resolvePgBouncer(
  url: string | undefined,
  target: PgTarget,
  poolSize: number,
  signal: AbortSignal,
  /** Finds the binary to start when no URL is given (tests play a machine without one). */
  find: () => string | undefined = findPgBouncer,
): Promise<PgBouncerResolution> {
  if (url) {
    return {
      ok: true,
      pgbouncer: {
        config: { connectionString: withoutApplicationName(url) },
        displayUrl: redactUrl(url),
        remoteUrl: url,
        description: `PgBouncer at ${redactUrl(url)} (from --pgbouncer-url)`,
        stop: nothingToStop,
      },
    };
  }
  const binary = find();
  if (!binary) return { ok: false, why: `no PgBouncer on PATH or in /usr/sbin: ${HOW_TO_GET}` };
  try {
    const account = await serverAccount();
    const upstream = upstreamOf(target);
    const spawned = await spawnPgBouncer({
      binary,
      upstream,
      poolSize,
      signal,
      ...(account ? { account } : {}),
    });
    const version = await versionOf(binary);
    const auth = upstream.password === undefined ? '' : `:${encodeURIComponent(upstream.password)}`;
    const remoteUrl = `postgres://${encodeURIComponent(upstream.user)}${auth}@127.0.0.1:${spawned.port}/${encodeURIComponent(upstream.database)}`;
    return {
      ok: true,
      pgbouncer: {
        config: spawned.config,
        displayUrl: redactUrl(remoteUrl),
        remoteUrl,
        description: `${version} started by poolbench on 127.0.0.1:${spawned.port} (transaction mode, default_pool_size ${poolSize}, auth ${upstream.password === undefined ? 'trust, as the target' : 'scram-sha-256'}${account ? `, as OS user ${account.name}` : ''})`,
        serverPoolSize: poolSize,
        stop: spawned.stop,
      },
    };
  } catch (err) {
    return { ok: false, why: `could not start ${binary}: ${errorMessage(err)}` };
  }
}

/** Our application_name marks each variant's connections; a URL's own would win over it. */
function withoutApplicationName(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('application_name');
  return parsed.toString();
}

/** The target's connection parameters as pg resolves them (URL, PG* variables, defaults). */
export function upstreamOf(target: PgTarget): Upstream {
  const probe = new pg.Client(target.config) as pg.Client & { password?: unknown };
  const password = typeof probe.password === 'string' && probe.password !== '' ? probe.password : undefined;
  return {
    host: probe.host ?? 'localhost',
    port: probe.port ?? 5432,
    database: probe.database ?? probe.user ?? 'postgres',
    user: probe.user ?? 'postgres',
    ...(password === undefined ? {} : { password }),
  };
}

async function versionOf(binary: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(binary, ['--version']);
    return stdout.split('\n')[0]?.trim() || 'PgBouncer';
  } catch {
    return 'PgBouncer';
  }
}
