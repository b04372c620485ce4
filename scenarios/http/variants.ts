// The two shapes every variant of the three scenarios takes, so no variant repeats another's code:
// - per-request: dial (connect, tls timed as steps), one undici Client on that socket, one request, and the
//   client closes the connection after the response (not a `Connection: close` header the server may ignore);
// - pool: one undici Pool whose connections (keep-alive, pipelined or multiplexed) come from the same dialer.

import { Client, Pool } from 'undici';
import type { OpInfo, PoolGauges, VariantRun } from '../../src/scenario/index.js';
import { Dialer, handOver, type TlsSettings } from './dial.js';
import { type ExchangeCounts, exchange, newExchangeCounts, withRetries } from './exchange.js';
import { rawPerRequest, rawPool } from './raw/raw-transport.js';
import type { InProcessServer } from './server.js';
import type { Endpoint } from './target.js';
import { WindowTally } from './window.js';

export type Alpn = 'h2' | 'http/1.1';

/** What a variant is; `O` are the scenario's option values, which a pool's depth may come from. */
export type VariantSpec<O = unknown> =
  | {
      mode: 'per-request';
      alpn?: Alpn;
      /** Offer the previous connection's TLS session ticket (resumption) instead of a full handshake. */
      resume: boolean;
    }
  | {
      mode: 'pool';
      alpn?: Alpn;
      /** Requests in flight on one connection: 1 (keep-alive), the pipelining depth, or HTTP/2 streams. */
      inFlight(options: O): number;
    };

/** What every variant of a scenario shares: where to go, how to trust it, the server to count on. */
export interface VariantEnv {
  endpoint: Endpoint;
  /** Trust settings for TLS targets; undefined for plain http. */
  trust?: { ca?: string; verify: boolean };
  server?: InProcessServer;
  retries: number;
  poolSize?: number;
  /** undici, or the raw client (pre-serialised requests, minimal parser). */
  client: 'undici' | 'raw';
}

type Send = (time: OpInfo['time'], worker: number) => Promise<unknown>;

interface Transport {
  send: Send;
  gauges(): Omit<PoolGauges, 'created'>;
  facts: Record<string, string | number | boolean>;
  close(): Promise<void>;
}

export function openVariant<O>(
  spec: VariantSpec<O>,
  env: VariantEnv,
  concurrency: number,
  options: O,
): VariantRun {
  const tls: TlsSettings | undefined = env.trust && {
    ...env.trust,
    alpn: [spec.alpn ?? 'http/1.1'],
    // Pools resume sessions when they reconnect, as undici's own connector does.
    resume: spec.mode === 'pool' || spec.resume,
  };
  const dialer = new Dialer(env.endpoint, tls);
  const counts = newExchangeCounts();
  const transport =
    env.client === 'raw'
      ? spec.mode === 'per-request'
        ? rawPerRequest(env.endpoint, dialer, counts)
        : rawPoolOf(spec.inFlight(options), env, concurrency, dialer, counts)
      : spec.mode === 'per-request'
        ? perRequest(spec.alpn, env.endpoint, dialer, counts)
        : pooled(spec.alpn, spec.inFlight(options), env, concurrency, dialer, counts);
  const tally = new WindowTally(dialer, counts, env.server);
  return {
    async op(info) {
      tally.onOp(info);
      await withRetries(env.retries, counts, () => transport.send(info.time, info.worker));
    },
    gauges: () => ({ created: dialer.counts.opened, ...transport.gauges() }),
    details: () => ({
      ...transport.facts,
      ...(tls
        ? { tlsSessionResumption: tls.resume ? 'offered' : 'off', alpn: dialer.facts?.alpn ?? 'none' }
        : {}),
      ...tally.details(),
    }),
    teardown: () => transport.close(),
  };
}

function rawPoolOf(
  inFlight: number,
  env: VariantEnv,
  concurrency: number,
  dialer: Dialer,
  counts: ExchangeCounts,
): Transport {
  const connections = env.poolSize ?? Math.ceil(concurrency / inFlight);
  return rawPool(env.endpoint, dialer, counts, connections, inFlight);
}

function perRequest(
  alpn: Alpn | undefined,
  endpoint: Endpoint,
  dialer: Dialer,
  counts: ExchangeCounts,
): Transport {
  const closing = new Set<Promise<void>>();
  const send: Send = async (time) => {
    const socket = await dialer.dial(time);
    const client = new Client(endpoint.origin, { connect: handOver(socket), allowH2: alpn === 'h2' });
    try {
      await exchange(client, endpoint, time, counts);
    } catch (err) {
      await client.destroy();
      throw err;
    }
    // Closing is the client's work (its CPU cost lands in the throughput) but not part of this request's
    // latency: nothing waits for the FIN in a connect-per-request client.
    const closed = client.close().catch(() => {});
    closing.add(closed);
    void closed.then(() => closing.delete(closed));
  };
  return {
    send,
    gauges: () => ({ total: dialer.open }),
    facts: { connections: 'one per request' },
    close: async () => {
      await Promise.all(closing);
    },
  };
}

function pooled(
  alpn: Alpn | undefined,
  inFlight: number,
  env: VariantEnv,
  concurrency: number,
  dialer: Dialer,
  counts: ExchangeCounts,
): Transport {
  const connections = env.poolSize ?? Math.ceil(concurrency / inFlight);
  const h2 = alpn === 'h2';
  // undici 7 caps in-flight requests per connection by `pipelining`, for HTTP/2 streams too;
  // maxConcurrentStreams is only what it assumes of the server until the server's SETTINGS arrive.
  const pool = new Pool(env.endpoint.origin, {
    connections,
    pipelining: inFlight,
    allowH2: h2,
    ...(h2 ? { maxConcurrentStreams: inFlight } : {}),
    connect: dialer.connector,
  });
  const unit = h2 ? 'streams' : inFlight > 1 ? 'pipelined requests' : 'request';
  return {
    send: (time) => exchange(pool, env.endpoint, time, counts),
    gauges: () => ({ total: dialer.open, idle: pool.stats.free, waiting: pool.stats.pending }),
    facts: { connections, inFlightPerConnection: `${inFlight} ${unit}` },
    close: () => pool.close(),
  };
}
