// Opens one HTTP scenario: starts the in-process server (or takes --target), checks the target with one
// request, and hands out variant runs, the chaos experiment and micro-benchmarks, and the scenario's facts.

import { createRequire } from 'node:module';
import type { OptionValues, ScenarioSession } from '../../src/driver/scenario.js';
import { ConfigError, InterruptedError } from '../../src/errors.js';
import type { TargetInfo } from '../../src/model/result.js';
import { redactUrl } from '../../src/util/redact.js';
import { makeCertificate } from './certificate.js';
import { type BurstTally, burstExperiment, churnTasks, type SetupVariant } from './chaos.js';
import { type HttpOptions, readOptions } from './options.js';
import { type ProbeResult, probe } from './probe.js';
import type { HttpProtocol } from './protocols.js';
import { type InProcessServer, startServer } from './server.js';
import { type Endpoint, endpointOf, parseTarget } from './target.js';
import { openVariant, type VariantEnv } from './variants.js';

const undiciVersion = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version;

type Facts = Record<string, string | number | boolean>;

interface Place {
  endpoint: Endpoint;
  trust?: { ca?: string; verify: boolean };
  server?: InProcessServer;
  target: TargetInfo;
  /** What a worker thread needs to reach the same place. */
  remote: OptionValues;
  facts: Facts;
}

export async function openHttp(
  protocol: HttpProtocol,
  values: OptionValues,
  signal: AbortSignal,
): Promise<ScenarioSession> {
  const opts = readOptions(values);
  const place = opts.target ? external(protocol, opts, opts.target) : await embedded(protocol, opts);
  let probed: ProbeResult;
  try {
    probed = await probe(place.endpoint, place.trust, protocol.server === 'http2');
    if (signal.aborted) throw new InterruptedError();
  } catch (err) {
    await place.server?.stop();
    throw err;
  }

  const env: VariantEnv = {
    endpoint: place.endpoint,
    ...(place.trust ? { trust: place.trust } : {}),
    ...(place.server ? { server: place.server } : {}),
    retries: opts.retries,
    ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : {}),
    pipelining: opts.pipelining,
    streams: opts.streams,
  };
  const variants = Object.keys(protocol.variants);
  const setupVariant: SetupVariant = async (variant, concurrency) => {
    const spec = protocol.variants[variant];
    if (!spec) throw new Error(`${protocol.id} has no variant '${variant}' (it has ${variants.join(', ')})`);
    return openVariant(spec, env, concurrency);
  };
  const burst: BurstTally = { requests: 0, failed: 0 };
  const tls = protocol.scheme === 'https:';

  return {
    target: { ...place.target, ...(probed.server ? { server: probed.server } : {}) },
    warnings:
      opts.insecure && tls && !place.server
        ? [
            "certificate verification is off (--insecure): the server's identity was not checked, and handshakes skip chain verification",
          ]
        : [],
    notes: notes(protocol, place, opts),
    setup: (variant, ctx) => setupVariant(variant, ctx.concurrency),
    experiments: () => [burstExperiment(variants, opts.burst, setupVariant, burst)],
    microbenchmarks: () => churnTasks(variants, setupVariant),
    details: async () => ({
      client: `undici ${undiciVersion}`,
      ...place.facts,
      ...(tls ? { certificateVerification: place.trust?.verify ? 'on' : 'off (--insecure)' } : {}),
      ...(probed.tls ?? {}),
      retriesAllowed: opts.retries,
      ...(burst.requests > 0 ? { burstRequests: burst.requests, burstFailures: burst.failed } : {}),
    }),
    remoteOptions: () => place.remote,
    close: async () => {
      await place.server?.stop();
    },
  };
}

async function embedded(protocol: HttpProtocol, opts: HttpOptions): Promise<Place> {
  const tls = protocol.scheme === 'https:';
  const cert = tls ? await makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] }) : undefined;
  const server = await startServer({
    kind: protocol.server,
    ...(cert ? { key: cert.key, cert: cert.cert } : {}),
    bodyBytes: opts.bodyBytes,
    delayMs: opts.serverDelayMs,
    ...(opts.closeEvery !== undefined ? { closeEvery: opts.closeEvery } : {}),
  });
  const url = new URL(`${protocol.scheme}//127.0.0.1:${server.port}/`);
  // Clients send SNI and check the name 'localhost', as they would a real host name (the certificate lists it).
  const endpoint = { ...endpointOf(url), ...(tls ? { servername: 'localhost' } : {}) };
  const serverName = { http: 'node:http', https: 'node:https', http2: 'node:http2' }[protocol.server];
  const alpn = protocol.server === 'http2' ? ' (secure; ALPN h2, http/1.1)' : '';
  return {
    endpoint,
    ...(cert ? { trust: { ca: cert.cert, verify: true } } : {}),
    server,
    target: {
      description: `in-process ${serverName} server${alpn} on its own thread${cert ? `, ${cert.description}` : ''}`,
      url: url.href,
      server: serverName,
      serverVersion: `node ${process.version}`,
      embedded: true,
    },
    remote: { target: url.href, ...(cert ? { trustedCaPem: cert.cert, tlsServername: 'localhost' } : {}) },
    facts: {
      serverBodyBytes: opts.bodyBytes,
      serverDelayMs: opts.serverDelayMs,
      ...(opts.closeEvery !== undefined ? { serverClosesEvery: opts.closeEvery } : {}),
    },
  };
}

function external(protocol: HttpProtocol, opts: HttpOptions, target: string): Place {
  const parsed = parseTarget(target, protocol.scheme, protocol.id);
  if ('problem' in parsed) throw new ConfigError([`${protocol.id}: ${parsed.problem}`]);
  const endpoint = opts.tlsServername ? { ...parsed, servername: opts.tlsServername } : parsed;
  const tls = protocol.scheme === 'https:';
  return {
    endpoint,
    ...(tls
      ? { trust: { ...(opts.trustedCaPem ? { ca: opts.trustedCaPem } : {}), verify: !opts.insecure } }
      : {}),
    target: { description: 'external server (--target)', url: redactUrl(parsed.url.href), embedded: false },
    remote: {},
    facts: {},
  };
}

function notes(protocol: HttpProtocol, place: Place, opts: HttpOptions): string[] {
  const out = [
    'connect and tls steps are timed where a request opens its own connection; pooled variants open theirs during the warm-up. ttfb = request sent to response headers; body = reading the body.',
    'Pools open --pool-size connections, by default just enough for the concurrency: ceil(concurrency / requests in flight per connection), i.e. one per worker for keep-alive, one per --pipelining or --streams workers when pipelined or multiplexed.',
    "Client memory is sampled when the measured window starts (the end of the warm-up) with memoryConnectionsOpen connections open; growth is against the variant's set-up. RSS is the whole process (the in-process server's thread included), heap the client's isolate only; garbage collection makes growth approximate.",
    'reuseCriterion: the seed\'s "> 95 % connection reuse", as 1 - connections opened / requests sent in the measured window. server* counts are the in-process server\'s, since the variant was set up (warm-up and measured window).',
    "Micro-benchmarks (the seed's acquire/release churn): one request at a time on a warm client: pool acquire + GET + release, or connect + GET + close for per-request variants; 1000 cycles take 1000 x the time per op.",
  ];
  if (protocol.server === 'http2')
    out.push(
      'multiplexed runs on undici (Pool with allowH2): undici 7 caps streams per connection by `pipelining`, set to --streams; serverH2Sessions and serverPeakStreamsPerSession are counted by the server.',
    );
  if (place.server && opts.insecure && protocol.scheme === 'https:')
    out.push(
      '--insecure does not apply to the in-process server: its certificate is trusted explicitly, and verified.',
    );
  if (!place.server)
    out.push(
      '--body-bytes, --server-delay and --close-every shape the in-process server only: not used with --target.',
    );
  return out;
}
