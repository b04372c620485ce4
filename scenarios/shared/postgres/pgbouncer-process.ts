// A throwaway PgBouncer in front of the target, for the pgbouncer variants when no --pgbouncer-url is given:
// Debian's `pgbouncer` binary on a free loopback port, transaction pooling, with a generated config and auth
// file in its own run folder. Stopped afterwards, killed if poolbench exits first, and stopped by the
// watchdog if poolbench is killed (run-folder.ts), so none outlives the run.

import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { errorMessage } from '../../../src/errors.js';
import { createRunFolder } from '../../../src/util/run-folder.js';
import { freePort } from '../../redis/spawn-server.js';

/** Where PgBouncer forwards to: the target's own connection parameters. */
export interface Upstream {
  host: string;
  port: number;
  database: string;
  user: string;
  /**
   * The target's password: PgBouncer logs in with it, and its clients authenticate with it (SCRAM). None (a
   * trust login): PgBouncer trusts its clients too, so that both routes pay the same authentication.
   */
  password?: string;
}

export interface SpawnedPgBouncer {
  readonly port: number;
  readonly binary: string;
  /** Connection settings for clients of this PgBouncer (same database, user and password as the target). */
  readonly config: pg.ClientConfig;
  /** Stops PgBouncer (SIGTERM, then SIGKILL after 3 s) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface PgBouncerSettings {
  binary: string;
  upstream: Upstream;
  /** Server connections PgBouncer keeps per database and user (its default_pool_size). */
  poolSize: number;
  /** Run as this OS account (PgBouncer refuses to run as root). */
  account?: { name: string; uid: number; gid: number };
  signal?: AbortSignal;
  readyTimeoutMs?: number;
}

/** One value of a connection string in the [databases] section: quoted, quotes doubled. */
const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** One field of the auth file: double quotes, doubled inside. */
const field = (value: string) => `"${value.replaceAll('"', '""')}"`;

export function pgbouncerIni(s: PgBouncerSettings, port: number, folder: string): string {
  const u = s.upstream;
  const server = [
    `host=${quoted(u.host)}`,
    `port=${u.port}`,
    `dbname=${quoted(u.database)}`,
    `user=${quoted(u.user)}`,
  ].join(' ');
  return [
    '[databases]',
    `${/^[A-Za-z0-9_.-]+$/.test(u.database) ? u.database : field(u.database)} = ${server}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // No Unix socket: nothing of ours outside the run folder.
    'unix_socket_dir =',
    `auth_type = ${u.password === undefined ? 'trust' : 'scram-sha-256'}`,
    `auth_file = ${join(folder, 'userlist.txt')}`,
    'pool_mode = transaction',
    `default_pool_size = ${s.poolSize}`,
    'max_client_conn = 5000',
    // One log line per connection would cost the per-op variant more than the connection itself.
    'log_connections = 0',
    'log_disconnections = 0',
    'log_pooler_errors = 1',
    // postgres.js and JDBC send it; PgBouncer refuses unknown startup parameters.
    'ignore_startup_parameters = extra_float_digits',
    '',
  ].join('\n');
}

export async function spawnPgBouncer(s: PgBouncerSettings): Promise<SpawnedPgBouncer> {
  // A free port can be taken between our check and PgBouncer's bind: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (s.signal?.aborted) throw new Error('interrupted while starting PgBouncer');
    try {
      return await startOnce(s, await freePort());
    } catch (err) {
      lastError = err;
      if (!/already in use/i.test(String(err))) break;
    }
  }
  throw lastError;
}

async function startOnce(s: PgBouncerSettings, port: number): Promise<SpawnedPgBouncer> {
  const folder = createRunFolder('pgbouncer', 'throwaway PgBouncer');
  const files = {
    'pgbouncer.ini': pgbouncerIni(s, port, folder.path),
    'userlist.txt': `${field(s.upstream.user)} ${field(s.upstream.password ?? '')}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(folder.path, name), text, { mode: 0o600 });
    if (s.account) chownSync(join(folder.path, name), s.account.uid, s.account.gid);
  }
  if (s.account) chownSync(folder.path, s.account.uid, s.account.gid);
  const args = [...(s.account ? ['-u', s.account.name] : []), join(folder.path, 'pgbouncer.ini')];
  const child = spawn(s.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: folder.path });
  if (child.pid !== undefined) folder.adopt(child.pid, 'SIGTERM');
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  const killNow = () => {
    child.kill('SIGKILL');
    folder.remove();
  };
  process.on('exit', killNow);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (!exitedEarly(child) && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killNow);
      folder.remove();
    })();
    return stopping;
  };

  const config: pg.ClientConfig = {
    host: '127.0.0.1',
    port,
    user: s.upstream.user,
    ...(s.upstream.password === undefined ? {} : { password: s.upstream.password }),
    database: s.upstream.database,
    ssl: false,
  };
  try {
    await waitReady(
      s,
      config,
      child,
      () => spawnError,
      () => output,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, binary: s.binary, config, stop };
}

/** Ready once a client gets through PgBouncer to the target and back (a SELECT 1 answered). */
async function waitReady(
  s: PgBouncerSettings,
  config: pg.ClientConfig,
  child: ChildProcess,
  spawnError: () => Error | undefined,
  output: () => string,
): Promise<void> {
  const timeoutMs = s.readyTimeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const failed = spawnError();
    if (failed) throw new Error(`cannot start ${s.binary}: ${failed.message}`);
    if (exitedEarly(child)) throw new Error(`${s.binary} exited at start: ${telling(output())}`);
    if (s.signal?.aborted) throw new Error('interrupted while starting PgBouncer');
    if (Date.now() > deadline) {
      throw new Error(
        `PgBouncer on 127.0.0.1:${config.port} did not pass a query to the target within ${timeoutMs} ms: ${last || telling(output())}`,
      );
    }
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      last = errorMessage(err);
      // Refused: not listening yet. Anything else (auth, the target) will not fix itself by waiting.
      if (!/ECONNREFUSED/.test(last) && !/terminated|timeout/i.test(last)) {
        throw new Error(`PgBouncer started but a query through it failed: ${last}`);
      }
    } finally {
      await client.end().catch(() => {});
    }
    await sleep(25);
  }
}

function exitedEarly(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The line of PgBouncer's log that says what went wrong, else its last line. */
function telling(output: string): string {
  const lines = output.trim().split('\n');
  const line = lines.find((l) => /FATAL|ERROR|already in use/i.test(l));
  return (line ?? lines[lines.length - 1])?.trim() || '(no output)';
}
