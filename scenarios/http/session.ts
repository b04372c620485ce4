// Opens one HTTP scenario: starts the in-process server (or takes --target), checks the target with one
// request, and hands out variant runs, the chaos experiment and micro-benchmarks, and the scenario's facts.

import { createRequire } from 'node:module';
import { ConfigError, InterruptedError } from '../../src/errors.js';
import type { Facts, OptionValues, Session, TargetInfo } from '../../src/scenario/index.js';
import { redactUrl } from '../../src/util/redact.js';
import { makeCertificate } from './certificate.js';
import { type BurstTally, burstExperiment, churnTasks, type VariantMaker } from './chaos.js';
import type { CommonOptionSpecs, HttpOptions } from './options.js';
import { type ProbeResult, probe } from './probe.js';
import type { HttpProtocol } from './protocols.js';
import { describeRequest, type RequestShape, requestShape } from './request.js';
import { type InProcessServer, startServer } from './server.js';
import { type Endpoint, endpointOf, parseTarget } from './target.js';
import { openVariant, type VariantEnv } from './variants.js';

const undiciVersion = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version;

interface Place {
  endpoint: Endpoint;
  trust?: { ca?: string; verify: boolean };
  server?: InProcessServer;
  target: TargetInfo;
  /** What a worker thread needs to reach the same place. */
  remote: Partial<HttpOptions>;
  facts: Facts;
}

/** What the variants get: where to send requests, how to trust the server, what to count on. */
export interface HttpSession<O extends CommonOptionSpecs> extends Session<O> {
  readonly env: VariantEnv;
}

export async function openHttp<O extends CommonOptionSpecs>(
  protocol: HttpProtocol<O>,
  values: OptionValues<O>,
  signal: AbortSignal,
): Promise<HttpSession<O>> {
  const opts: HttpOptions = values;
  const place = opts.target ? external(protocol, opts, opts.target) : await embedded(protocol, opts);
  const request = requestShape(opts, place.endpoint.headers);
  place.endpoint = { ...place.endpoint, ...request };
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
    client: opts.client === 'raw' ? 'raw' : 'undici',
  };
  // The experiments set every variant up themselves, outside the driver's runs.
  const variants: VariantMaker[] = Object.entries(protocol.variants).map(([name, spec]) => ({
    name,
    setup: (concurrency) => openVariant(spec, env, concurrency, values),
  }));
  const burst: BurstTally = { requests: 0, failed: 0 };
  const tls = protocol.scheme === 'https:';

  return {
    env,
    target: { ...place.target, ...(probed.server ? { server: probed.server } : {}) },
    warnings:
      opts.insecure && tls && !place.server
        ? [
            "certificate verification is off (--insecure): the server's identity was not checked, and handshakes skip chain verification",
          ]
        : [],
    notes: [...notes(protocol, place, opts), ...requestNotes(protocol, request)],
    experiments: () => [burstExperiment(variants, opts.burst, burst)],
    microbenchmarks: () => churnTasks(variants, request.method),
    details: async () => ({
      client: opts.client === 'raw' ? 'raw (node:net / node:tls, minimal parser)' : `undici ${undiciVersion}`,
      ...place.facts,
      ...(tls ? { certificateVerification: place.trust?.verify ? 'on' : 'off (--insecure)' } : {}),
      ...(probed.tls ?? {}),
      ...describeRequest(request),
      retriesAllowed: opts.retries,
      ...(burst.requests > 0 ? { burstRequests: burst.requests, burstFailures: burst.failed } : {}),
    }),
    // The common options are options of every protocol: TypeScript cannot see that through O.
    remoteOptions: () => place.remote as Partial<OptionValues<O>>,
    close: async () => {
      await place.server?.stop();
    },
  };
}

async function embedded(protocol: HttpProtocol<CommonOptionSpecs>, opts: HttpOptions): Promise<Place> {
  const tls = protocol.scheme === 'https:';
  const cert = tls ? await makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] }) : undefined;
  const server = await startServer({
    kind: protocol.server,
    ...(cert ? { key: cert.key, cert: cert.cert } : {}),
    bodyBytes: opts.bodyBytes,
    delayMs: opts.serverDelay,
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
      serverDelayMs: opts.serverDelay,
      ...(opts.closeEvery !== undefined ? { serverClosesEvery: opts.closeEvery } : {}),
    },
  };
}

function external(protocol: HttpProtocol<CommonOptionSpecs>, opts: HttpOptions, target: string): Place {
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

function notes(protocol: HttpProtocol<CommonOptionSpecs>, place: Place, opts: HttpOptions): string[] {
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

/** What a shaped request changes in what the variants measure. */
function requestNotes(protocol: HttpProtocol<CommonOptionSpecs>, r: RequestShape): string[] {
  const out: string[] = [];
  if (r.method !== 'GET' || r.body || Object.keys(r.headers).length > 0)
    out.push(
      `Every op sends ${r.method}${r.body ? ` with a ${r.body.length}-byte body` : ''}${Object.keys(r.headers).length > 0 ? ` and the headers ${Object.keys(r.headers).join(', ')}` : ''}; one such request was also sent before measuring, to check the target.`,
    );
  // undici treats only GET and HEAD as idempotent, and holds any other request until the connection is idle.
  if ('pipelined' in protocol.variants && !['GET', 'HEAD'].includes(r.method))
    out.push(
      `pipelined: undici sends a ${r.method} only when no other request is in flight on its connection (it pipelines GET and HEAD alone, since a failed pipeline is retried): with this method the variant keeps connections alive but does not pipeline.`,
    );
  return out;
}
