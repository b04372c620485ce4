// Opens tcp-echo against its target: the in-process echo server (started here, stopped in close()), or an
// external one given by --target, checked before any run.

import type { OpenContext, Session } from '../../src/scenario/index.js';
import { type Address, formatAddress, parseAddress } from './address.js';
import { EmbeddedServers } from './embedded-servers.js';
import { echoMicrobenchmarks } from './microbenchmarks.js';
import { closerOf, type options, type TcpEchoOptions } from './options.js';
import { probeEchoServer } from './probe.js';

export interface EchoEndpoints {
  /** Where persistent (pooled) connections go. */
  persistent: Address;
  /** The listener that closes each connection after one echo; undefined with an external server. */
  closing: Address | undefined;
  /** The in-process servers, for server-side counts and fault injection; undefined with --target. */
  servers: EmbeddedServers | undefined;
}

/** What the variants get: where to connect, and who closes a connect-per-op socket first. */
export interface EchoSession extends Session<typeof options> {
  readonly endpoints: EchoEndpoints;
  readonly closer: 'server' | 'client';
}

export async function openTcpEcho(o: TcpEchoOptions, { signal }: OpenContext): Promise<EchoSession> {
  const target = o.target === undefined ? undefined : parseAddress(o.target);
  let endpoints: EchoEndpoints;
  if (target) {
    await probeEchoServer(target, o.payload);
    const closing = o.closingTarget === undefined ? undefined : parseAddress(o.closingTarget);
    endpoints = { persistent: target, closing, servers: undefined };
  } else {
    const servers = await EmbeddedServers.start(o.payload);
    endpoints = { ...servers.addresses, servers };
  }
  const { servers } = endpoints;
  if (signal.aborted) {
    await servers?.close();
    signal.throwIfAborted();
  }

  const closer = closerOf(o);
  const address = formatAddress(endpoints.persistent);
  return {
    endpoints,
    closer,
    target: servers
      ? {
          description: 'in-process echo server (node:net, 127.0.0.1)',
          url: address,
          server: 'node:net echo',
          serverVersion: process.version,
          embedded: true,
        }
      : { description: 'external echo server', url: address, embedded: false },
    notes: [
      closer === 'server'
        ? 'unpooled: the server closes each connection first, so TIME_WAIT sockets hold no client ports (--closer client reproduces the seed, where the client closed first)'
        : 'unpooled: the client closes each connection first and keeps its TIME_WAIT, holding an ephemeral port for ~60 s',
    ],
    microbenchmarks: () => echoMicrobenchmarks(endpoints.persistent),
    details: () =>
      servers
        ? {
            serverAcceptedTotal: servers.accepted,
            serverPeakOpenConnections: servers.peakOpen,
            ...(servers.failure ? { serverThreadError: servers.failure } : {}),
          }
        : {},
    remoteOptions: () => ({
      target: address,
      ...(endpoints.closing ? { closingTarget: formatAddress(endpoints.closing) } : {}),
    }),
    close: async () => {
      await servers?.close();
    },
  };
}
