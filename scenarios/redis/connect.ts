// Opening and closing ioredis connections. Two rules a benchmark needs and ioredis's defaults break:
// a failed connect keeps its socket error (EADDRNOTAVAIL must reach the driver's hint, not become
// "Connection is closed."), and a lost connection is never silently reconnected and its commands resent:
// the variant decides, and the failures are counted.

import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { Endpoint } from './endpoint.js';

/**
 * 'default' is what `new Redis(url)` does in ioredis 6: after TCP (and TLS), one round trip of
 * HELLO 3 (with AUTH), CLIENT SETNAME (when named) and CLIENT SETINFO LIB-VER / LIB-NAME, then a second
 * round trip of INFO (the ready check, ~4 KB the server builds and the client parses).
 * 'no-ready-check' skips the INFO. 'lean' keeps only what the connection needs: RESP2 (no HELLO), no
 * CLIENT SETINFO, no INFO ready check; AUTH and SELECT are still sent when the URL has a password or a db.
 */
export type Handshake = 'default' | 'no-ready-check' | 'lean';

export const LEAN_OPTIONS = {
  protocol: 2,
  enableReadyCheck: false,
  disableClientInfo: true,
} as const satisfies RedisOptions;

export interface ConnectOptions {
  handshake?: Handshake;
  /** CLIENT SETNAME: how this run finds (and only its own) connections to kill. */
  name?: string;
  autoPipelining?: boolean;
  connectTimeoutMs?: number;
}

export function redisOptions(endpoint: Endpoint, opts: ConnectOptions = {}): RedisOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.username,
    password: endpoint.password,
    db: endpoint.db,
    ...(endpoint.tls
      ? {
          tls: {
            rejectUnauthorized: !endpoint.insecure,
            // SNI takes names only; Node warns when given an IP address.
            ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
          },
        }
      : {}),
    lazyConnect: true,
    // No silent reconnect-and-resend: a killed connection fails its in-flight commands, visibly.
    retryStrategy: null,
    maxRetriesPerRequest: 0,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    ...(opts.name ? { connectionName: opts.name } : {}),
    ...(opts.autoPipelining ? { enableAutoPipelining: true } : {}),
    ...(opts.handshake === 'lean' ? LEAN_OPTIONS : {}),
    ...(opts.handshake === 'no-ready-check' ? { enableReadyCheck: false } : {}),
  };
}

/** A command failed because the server closed the connection (CLIENT KILL, timeout, restart). */
export class ConnectionClosedError extends Error {
  readonly code = 'CONNECTION_CLOSED';
  readonly hint =
    'the server closed the connection while commands were in flight (CLIENT KILL, a timeout or a restart); the next op opens a new one';
  constructor() {
    super('connection closed by the server');
    this.name = 'ConnectionClosedError';
  }
}

/** What ioredis says, without an error code, when the connection went away under a command or a pipeline. */
const CLOSED = new Set(['Connection is closed.', 'Command aborted due to connection close']);

/** Gives ioredis's codeless connection-loss errors one kind the report can count and explain. */
export function explainError(err: unknown): unknown {
  return err instanceof Error && CLOSED.has(err.message) ? new ConnectionClosedError() : err;
}

export async function openConnection(endpoint: Endpoint, opts: ConnectOptions = {}): Promise<Redis> {
  const client = new Redis(redisOptions(endpoint, opts));
  let firstError: Error | undefined;
  // Also keeps ioredis from printing "Unhandled error event" for errors we count or report ourselves.
  client.on('error', (err: Error) => {
    firstError ??= err;
  });
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    // connect() rejects with a bare "Connection is closed."; the 'error' event had the reason and its code.
    throw firstError ?? err;
  }
  return client;
}

/** QUIT when the connection is usable (the polite close a connect-per-op client does), else drop it. */
export async function closeConnection(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
