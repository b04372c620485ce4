// Where requests go: the in-process server or a --target URL. `host:port` alone is accepted and given the
// scenario's scheme; user:password in the URL becomes a Basic Authorization header (and is redacted elsewhere).

import { isIP } from 'node:net';
import { redactUrl } from '../../src/util/redact.js';

export type Scheme = 'http:' | 'https:';

export interface Endpoint {
  url: URL;
  /** scheme://host:port, what undici's clients are created for. */
  origin: string;
  host: string;
  port: number;
  /** Path and query of every request. */
  path: string;
  tls: boolean;
  /** SNI name: the host when it is a name; never an IP address (RFC 6066). */
  servername?: string;
  /** The request every op sends (GET unless --method; see request.ts). */
  method: string;
  /** Lower-case names; a list is one header sent several times. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** The statuses that count as success (--expect-status); undefined = any below 400. */
  expect?: readonly number[];
}

export function parseTarget(
  text: string,
  scheme: Scheme,
  scenarioId: string,
): Endpoint | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `${scheme}//${text}`);
  } catch {
    return { problem: `--target: '${redactUrl(text)}' is not a URL (expected ${scheme}//host:port/path)` };
  }
  if (url.protocol !== scheme) {
    const other = {
      'http:': 'use the http1 scenario for http:// targets',
      'https:': 'use the https or http2 scenario for https:// targets',
    }[url.protocol];
    return {
      problem: `--target: the ${scenarioId} scenario needs an ${scheme}// URL, got '${redactUrl(text)}' (${other ?? `${url.protocol}// is not HTTP`})`,
    };
  }
  return endpointOf(url);
}

export function endpointOf(url: URL): Endpoint {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const tls = url.protocol === 'https:';
  const headers: Record<string, string> = {};
  if (url.username) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  return {
    url,
    origin: url.origin,
    host,
    port: Number(url.port) || (tls ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    tls,
    ...(tls && isIP(host) === 0 ? { servername: host } : {}),
    method: 'GET',
    headers,
  };
}
