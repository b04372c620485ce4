// Finding the server: --redis-url / REDIS_URL, else a throwaway redis-server when one is on PATH, else a
// TargetError naming the three ways to get one. Every failure to use the server is one line: what failed,
// where (password redacted), what to do.

import type { Redis } from 'ioredis';
import { errorMessage, TargetError } from '../../src/errors.js';
import type { TargetInfo } from '../../src/scenario/index.js';
import { redactSecret, redactText } from '../../src/util/redact.js';
import { openConnection } from './connect.js';
import { type Endpoint, parseEndpoint } from './endpoint.js';
import { findOnPath, type SpawnedRedis, spawnRedisServer } from './spawn-server.js';

export const NO_SERVER =
  'no Redis server: set REDIS_URL (or --redis-url redis://host:port), start one with `docker compose up -d redis`, ' +
  'or install the OS package (e.g. apt-get install redis-server) so poolbench can spawn a throwaway redis-server';

export interface ServerInfo {
  /** 'redis', 'valkey' or 'dragonfly'. */
  name: string;
  version: string;
  mode: string;
}

export interface ConnectedTarget {
  endpoint: Endpoint;
  spawned: SpawnedRedis | undefined;
  admin: Redis;
  server: ServerInfo;
  info: TargetInfo;
}

export async function connectTarget(
  settings: { redisUrl: string | undefined; insecure: boolean },
  adminName: string,
  signal: AbortSignal,
): Promise<ConnectedTarget> {
  let spawned: SpawnedRedis | undefined;
  let endpoint: Endpoint;
  if (settings.redisUrl) {
    endpoint = parseEndpoint(settings.redisUrl, settings.insecure);
  } else {
    const binary = findOnPath('redis-server');
    if (!binary) throw new TargetError(NO_SERVER);
    try {
      spawned = await spawnRedisServer({ binary, signal });
    } catch (err) {
      throw new TargetError(`could not start a throwaway redis-server: ${errorMessage(err)}; ${NO_SERVER}`, {
        cause: err,
      });
    }
    endpoint = parseEndpoint(spawned.url, false);
  }
  let admin: Redis | undefined;
  try {
    admin = await openConnection(endpoint, { name: adminName }).catch((err: unknown) => {
      throw targetError(endpoint, err);
    });
    const server = parseServerInfo(String(await admin.info('server')));
    if (server.mode === 'cluster' || server.mode === 'sentinel') {
      throw new TargetError(
        `${endpoint.shown} is a Redis ${server.mode === 'cluster' ? 'Cluster node' : 'Sentinel'}, which this scenario does not support; point --redis-url / REDIS_URL at one standalone server`,
      );
    }
    return { endpoint, spawned, admin, server, info: targetInfo(endpoint, server, spawned) };
  } catch (err) {
    admin?.disconnect();
    await spawned?.stop();
    throw err instanceof TargetError ? err : targetError(endpoint, err);
  }
}

/** One line for a server that cannot be used: which kind of failure, and what fixes it. */
export function targetError(endpoint: Endpoint, err: unknown): TargetError {
  const reason = redactSecret(redactText(errorMessage(err)), endpoint.password);
  const code = (err as { code?: unknown } | null)?.code;
  const where = endpoint.shown;
  if (/^(WRONGPASS|ERR invalid password|ERR AUTH)/i.test(reason)) {
    return new TargetError(
      `${where} refused the credentials (${reason}): fix the user and password in --redis-url / REDIS_URL`,
    );
  }
  if (/^NOAUTH/i.test(reason)) {
    return new TargetError(
      `${where} requires a password (${reason}): give it in the URL, redis://:PASSWORD@host:port (or redis://USER:PASSWORD@...)`,
    );
  }
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number/i.test(reason)) {
    return new TargetError(
      `TLS with ${where} failed (${reason}): for a self-signed certificate pass --insecure; for a server without TLS use redis://`,
    );
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new TargetError(
      `cannot reach Redis at ${where} (${reason}): start it (e.g. docker compose up -d redis) or fix --redis-url / REDIS_URL`,
    );
  }
  return new TargetError(`cannot use Redis at ${where}: ${reason}`);
}

/** INFO server: Valkey says so in server_name / valkey_version, Dragonfly in dragonfly_version. */
export function parseServerInfo(text: string): ServerInfo {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const mode = fields.get('redis_mode') ?? fields.get('server_mode') ?? 'standalone';
  const dragonfly = fields.get('dragonfly_version');
  if (dragonfly) return { name: 'dragonfly', version: dragonfly.replace(/^df-v?/, ''), mode };
  const valkey = fields.get('valkey_version');
  if (valkey || fields.get('server_name') === 'valkey') {
    return { name: 'valkey', version: valkey ?? fields.get('redis_version') ?? 'unknown', mode };
  }
  return { name: 'redis', version: fields.get('redis_version') ?? 'unknown', mode };
}

const DISPLAY: Record<string, string> = { redis: 'Redis', valkey: 'Valkey', dragonfly: 'Dragonfly' };

function targetInfo(endpoint: Endpoint, server: ServerInfo, spawned: SpawnedRedis | undefined): TargetInfo {
  const name = `${DISPLAY[server.name] ?? server.name} ${server.version}`;
  return {
    description: spawned
      ? `throwaway ${spawned.binary} (${name}) on 127.0.0.1:${spawned.port}, no persistence`
      : `${name} at ${endpoint.host}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`,
    url: endpoint.shown,
    server: server.name,
    serverVersion: server.version,
    embedded: spawned !== undefined,
  };
}
