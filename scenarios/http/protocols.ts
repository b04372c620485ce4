// The three scenarios as data: which server, which scheme, and what each variant is. Everything else
// (server, dialer, exchange, counting) is shared code.

import type { ServerKind } from './server-thread.js';
import type { Scheme } from './target.js';
import type { VariantSpec } from './variants.js';

export interface HttpProtocol {
  id: 'http1' | 'https' | 'http2';
  description: string;
  scheme: Scheme;
  server: ServerKind;
  /** The scenario's own option, besides the common ones. */
  extraOption?: 'pipelining' | 'streams';
  variants: Record<string, VariantSpec>;
}

const keepAlive = () => 1;

export const PROTOCOLS: readonly HttpProtocol[] = [
  {
    id: 'http1',
    description: 'HTTP/1.1 with undici: a connection per request vs a keep-alive Pool vs pipelining',
    scheme: 'http:',
    server: 'http',
    extraOption: 'pipelining',
    variants: {
      unpooled: { mode: 'per-request', resume: false },
      pooled: { mode: 'pool', inFlight: keepAlive },
      pipelined: { mode: 'pool', inFlight: (o) => o.pipelining },
    },
  },
  {
    id: 'https',
    description:
      'HTTPS (HTTP/1.1 over TLS): full handshake per request vs TLS session resumption vs keep-alive',
    scheme: 'https:',
    server: 'https',
    variants: {
      unpooled: { mode: 'per-request', resume: false },
      resumed: { mode: 'per-request', resume: true },
      pooled: { mode: 'pool', inFlight: keepAlive },
    },
  },
  {
    id: 'http2',
    description:
      'HTTP/2 over TLS: a connection per request vs multiplexed streams vs an HTTP/1.1 keep-alive pool',
    scheme: 'https:',
    server: 'http2',
    extraOption: 'streams',
    variants: {
      unpooled: { mode: 'per-request', alpn: 'h2', resume: false },
      multiplexed: { mode: 'pool', alpn: 'h2', inFlight: (o) => o.streams },
      'pooled-h1': { mode: 'pool', alpn: 'http/1.1', inFlight: keepAlive },
    },
  },
];
