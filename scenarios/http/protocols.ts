// The three scenarios as data: which server, which scheme, their options, and what each variant is.
// Everything else (server, dialer, exchange, counting) is shared code.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { type CommonOptionSpecs, commonOptions } from './options.js';
import type { ServerKind } from './server-thread.js';
import type { Scheme } from './target.js';
import type { VariantSpec } from './variants.js';

export interface HttpProtocol<O extends CommonOptionSpecs = CommonOptionSpecs> {
  id: 'http1' | 'https' | 'http2';
  description: string;
  scheme: Scheme;
  server: ServerKind;
  options: O;
  variants: Record<string, VariantSpec<OptionValues<O>>>;
}

/** Keeps each protocol's own options in its type, so its variants read them typed. */
const protocol = <O extends CommonOptionSpecs>(p: HttpProtocol<O>) => p;

const keepAlive = () => 1;

export const HTTP1 = protocol({
  id: 'http1',
  description: 'HTTP/1.1 with undici: a connection per request vs a keep-alive Pool vs pipelining',
  scheme: 'http:',
  server: 'http',
  options: {
    ...commonOptions('http1', ['pooled', 'pipelined']),
    pipelining: option.int({
      flag: '--pipelining <depth>',
      description: 'HTTP/1.1 pipelining depth of the pipelined variant',
      default: 10,
      usedBy: ['pipelined'],
    }),
  },
  variants: {
    unpooled: { mode: 'per-request', resume: false },
    pooled: { mode: 'pool', inFlight: keepAlive },
    pipelined: { mode: 'pool', inFlight: (o) => o.pipelining },
  },
});

export const HTTPS = protocol({
  id: 'https',
  description:
    'HTTPS (HTTP/1.1 over TLS): full handshake per request vs TLS session resumption vs keep-alive',
  scheme: 'https:',
  server: 'https',
  options: commonOptions('https', ['pooled']),
  variants: {
    unpooled: { mode: 'per-request', resume: false },
    resumed: { mode: 'per-request', resume: true },
    pooled: { mode: 'pool', inFlight: keepAlive },
  },
});

export const HTTP2 = protocol({
  id: 'http2',
  description:
    'HTTP/2 over TLS: a connection per request vs multiplexed streams vs an HTTP/1.1 keep-alive pool',
  scheme: 'https:',
  server: 'http2',
  options: {
    ...commonOptions('http2', ['multiplexed', 'pooled-h1']),
    streams: option.int({
      flag: '--streams <n>',
      description: 'most concurrent HTTP/2 streams per connection of the multiplexed variant',
      default: 100,
      usedBy: ['multiplexed'],
    }),
  },
  variants: {
    unpooled: { mode: 'per-request', alpn: 'h2', resume: false },
    multiplexed: { mode: 'pool', alpn: 'h2', inFlight: (o) => o.streams },
    'pooled-h1': { mode: 'pool', alpn: 'http/1.1', inFlight: keepAlive },
  },
});
