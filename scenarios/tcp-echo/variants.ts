// The two ways of getting a connection for one echo: open one per op (`unpooled`), or borrow a persistent
// one from a pool (`pooled`). Both send the same payload and verify the same echo; only the connection
// handling differs.
//
// Who closes a connect-per-op socket first? The side that sends the first FIN keeps the TIME_WAIT (60 s on
// Linux), and a client-side TIME_WAIT holds one of the client's ephemeral ports (28,232 here, 32768–60999;
// 16,384 on macOS). The seed's proxy closed first, and so does `--closer client`. By default the in-process
// server closes first instead, because a benchmark runs again and again (trials interleaved A B A B, sweeps,
// CI, other programs on the same machine): with client-side TIME_WAIT each unpooled trial inherits the
// previous one's held ports, so later trials measure a fuller port table and, without Linux's loopback-only
// tcp_tw_reuse=2 (e.g. against a remote --target, or on macOS), connects fail with EADDRNOTAVAIL within a
// minute. A server-side TIME_WAIT holds no client port: the kernel accepts a new SYN on a tuple in TIME_WAIT
// (RFC 6191, timestamps). Both sides still do the full FIN exchange, so the per-op work is the same: in 1 s,
// 50-worker runs on this machine both ran at 3.5-4.5k ops/s without an error; waiting for the server's FIN
// shows in the 'close' step (~2 ms p50 at c=50, the server thread being busy) rather than in throughput.
// A generic external echo server never closes first, so with --target the client does, and EADDRNOTAVAIL
// reaches the driver with its code (and the driver's hint).

import { randomBytes } from 'node:crypto';
import type { Facts, OpInfo, PoolGauges, VariantContext, VariantRun } from '../../src/scenario/index.js';
import { connectEcho, type EchoConnection } from './echo-connection.js';
import { createEchoPool } from './echo-pool.js';
import type { options, TcpEchoOptions } from './options.js';
import type { EchoEndpoints, EchoSession } from './session.js';

type EchoContext = VariantContext<typeof options, EchoSession>;

/** How long --chaos restart-server keeps the server away: long enough that connects are refused. */
export const SERVER_DOWN_MS = 200;

/** What both variants share: payloads, server-side counts, fault injection. */
interface Common {
  payload(info: OpInfo): Buffer;
  midpoint: (() => Promise<void>) | undefined;
  details(): Facts;
}

function commonParts(opts: TcpEchoOptions, { servers }: EchoEndpoints): Common {
  // Random bytes stamped with the op number: a server that replays an old answer does not pass.
  const template = randomBytes(opts.payload);
  const acceptedAtSetup = servers?.accepted ?? 0;
  let resets = 0;
  let restarts = 0;
  const chaos = opts.chaos !== 'none';
  return {
    payload(info) {
      const buf = Buffer.allocUnsafe(template.length);
      template.copy(buf);
      if (buf.length >= 4) buf.writeUInt32BE(info.iteration >>> 0, 0);
      return buf;
    },
    midpoint: chaos
      ? async () => {
          if (!servers) throw new Error(`--chaos ${opts.chaos} needs the in-process echo server`);
          if (opts.chaos === 'restart-server') {
            resets += await servers.restart(SERVER_DOWN_MS);
            restarts++;
          } else resets += await servers.resetAll();
        }
      : undefined,
    details: () => ({
      payloadBytes: opts.payload,
      ...(servers ? { serverAcceptedSinceSetup: servers.accepted - acceptedAtSetup } : {}),
      ...(chaos ? { chaosResetConnections: resets } : {}),
      ...(opts.chaos === 'restart-server'
        ? { chaosServerRestarts: restarts, serverDownMs: SERVER_DOWN_MS }
        : {}),
    }),
  };
}

export function unpooled({ options, session }: EchoContext): VariantRun {
  const { endpoints, closer } = session;
  const common = commonParts(options, endpoints);
  const address = closer === 'server' ? endpoints.closing : endpoints.persistent;
  if (!address) throw new Error('--closer server needs the in-process echo server');
  let created = 0;
  let open = 0;
  const close = (conn: EchoConnection) =>
    closer === 'server' ? conn.afterServerClose() : Promise.resolve(conn.destroy());
  return {
    async op(info) {
      const payload = common.payload(info);
      const conn = await info.time('connect', () => connectEcho(address));
      created++;
      open++;
      try {
        await info.time('echo', () => conn.echo(payload));
        await info.time('close', () => close(conn));
      } finally {
        conn.destroy();
        open--;
      }
    },
    gauges: (): PoolGauges => ({ created, total: open }),
    ...(common.midpoint ? { midpoint: common.midpoint } : {}),
    details: () => ({ ...common.details(), closer }),
  };
}

export function pooled({ options, session, concurrency }: EchoContext): VariantRun {
  const common = commonParts(options, session.endpoints);
  const max = options.poolSize ?? concurrency;
  const { pool, discardedBroken } = createEchoPool({
    address: session.endpoints.persistent,
    max,
    idleTimeoutMs: options.idleTimeoutMs,
    overflow: options.overflow,
  });
  return {
    async op(info) {
      const payload = common.payload(info);
      const entry = await info.time('acquire', () => pool.acquire());
      try {
        await info.time('echo', () => entry.resource.echo(payload));
      } catch (err) {
        // A connection whose echo failed is out of step or dead: never hand it out again.
        await pool.discard(entry);
        throw err;
      }
      pool.release(entry);
    },
    gauges: () => pool.gauges(),
    ...(common.midpoint ? { midpoint: common.midpoint } : {}),
    details: () => ({
      ...common.details(),
      poolMax: max,
      overflow: options.overflow,
      idleTimeoutMs: options.idleTimeoutMs,
      overflowedDirect: pool.gauges().overflowed,
      discardedBroken: discardedBroken(),
    }),
    teardown: () => pool.close(),
  };
}
