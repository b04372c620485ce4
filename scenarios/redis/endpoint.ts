// The Redis target as poolbench sees it: parsed from a redis:// or rediss:// URL into explicit ioredis
// options (so nothing hidden in the URL's query string changes the client), and shown only redacted.

import { TargetError } from '../../src/errors.js';
import { redactUrl } from '../../src/util/redact.js';

export interface Endpoint {
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  db: number;
  tls: boolean;
  /** Accept a self-signed or otherwise unverifiable server certificate (--insecure). */
  insecure: boolean;
  /** The URL as given: only ever handed to another thread of this process (remoteOptions), never shown. */
  rawUrl: string;
  /** The URL with the password replaced by ***: the only form that reaches output, results and errors. */
  shown: string;
}

const SENTINEL_OR_CLUSTER = /^(redis[+-]?sentinel|sentinel|redis[+-]?cluster|cluster)s?:$/i;

/** Problems with the URL's shape (exit 2); an unsupported topology is the target's problem (exit 1, in open). */
export function urlProblems(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [
      `--redis-url / REDIS_URL: expected a URL such as redis://127.0.0.1:6379, got '${redactUrl(text)}'`,
    ];
  }
  if (SENTINEL_OR_CLUSTER.test(url.protocol)) return [];
  const problems: string[] = [];
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    problems.push(
      `--redis-url / REDIS_URL: expected redis:// or rediss:// (TLS), got '${url.protocol}//' in '${redactUrl(text)}'`,
    );
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    problems.push(`--redis-url / REDIS_URL: the path must be a database number (/0), got '/${db}'`);
  }
  return problems;
}

export function parseEndpoint(text: string, insecure: boolean): Endpoint {
  const url = new URL(text);
  const shown = redactUrl(text);
  if (SENTINEL_OR_CLUSTER.test(url.protocol) || url.searchParams.has('sentinels')) {
    throw new TargetError(
      `${shown}: Sentinel and Cluster URLs are not supported; point --redis-url / REDIS_URL at one standalone server (redis://host:port)`,
    );
  }
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: db === '' ? 0 : Number(db),
    tls: url.protocol === 'rediss:',
    insecure,
    rawUrl: text,
    shown,
  };
}
