// Opens tcp-echo against its target: the in-process echo server (started here, stopped in close()), or an
// external one given by --target, checked before any run.

import type { OptionValues, ScenarioSession } from '../../src/driver/scenario.js';
import { ConfigError } from '../../src/errors.js';
import { EmbeddedServers } from './embedded-servers.js';
import { echoMicrobenchmarks } from './microbenchmarks.js';
import { CLOSING_TARGET_KEY, formatAddress, readOptions, validate } from './options.js';
import { probeEchoServer } from './probe.js';
import { type EchoEndpoints, setupVariant, VARIANTS, type Variant } from './variants.js';

export async function openTcpEcho(values: OptionValues, signal: AbortSignal): Promise<ScenarioSession> {
  const problems = validate(values);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `tcp-echo: ${p}`));
  const opts = readOptions(values);

  let endpoints: EchoEndpoints;
  if (opts.target) {
    await probeEchoServer(opts.target, opts.payload);
    endpoints = { persistent: opts.target, closing: opts.closingTarget, servers: undefined };
  } else {
    const servers = await EmbeddedServers.start(opts.payload);
    endpoints = { ...servers.addresses, servers };
  }
  const { servers } = endpoints;
  if (signal.aborted) {
    await servers?.close();
    signal.throwIfAborted();
  }

  const address = formatAddress(endpoints.persistent);
  return {
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
      opts.closer === 'server'
        ? 'unpooled: the server closes each connection first, so TIME_WAIT sockets hold no client ports (--closer client reproduces the seed, where the client closed first)'
        : 'unpooled: the client closes each connection first and keeps its TIME_WAIT, holding an ephemeral port for ~60 s',
    ],
    async setup(variant, ctx) {
      if (!VARIANTS.includes(variant as Variant)) throw new Error(`tcp-echo has no variant '${variant}'`);
      return setupVariant(variant as Variant, ctx, opts, endpoints);
    },
    microbenchmarks: () => echoMicrobenchmarks(endpoints.persistent),
    async details(): Promise<Record<string, number | string>> {
      return servers
        ? {
            serverAcceptedTotal: servers.accepted,
            serverPeakOpenConnections: servers.peakOpen,
            ...(servers.failure ? { serverThreadError: servers.failure } : {}),
          }
        : {};
    },
    remoteOptions: () => ({
      target: address,
      ...(endpoints.closing ? { [CLOSING_TARGET_KEY]: formatAddress(endpoints.closing) } : {}),
    }),
    close: async () => {
      await servers?.close();
    },
  };
}
