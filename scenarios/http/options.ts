// The options of the three HTTP scenarios, declared once: the common ones here, and each protocol's own
// (--pipelining for http1, --streams for http2) in protocols.ts. validate() checks what spans several.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { redactHeader } from '../../src/util/redact.js';
import { requestProblems } from './request.js';
import { parseTarget, type Scheme } from './target.js';

/** The options every HTTP scenario has; `pooled` names its variants that open a pool. */
export function commonOptions(scenarioId: string, pooled: readonly string[]) {
  return {
    target: option.string({
      flag: '--target <address>',
      description: 'an external server to measure instead of the in-process one (URL, or host:port)',
      env: `${scenarioId.toUpperCase()}_TARGET`,
      secret: true,
    }),
    insecure: option.flag({
      flag: '--insecure',
      description: 'skip TLS certificate verification of --target (stated in the result)',
      default: false,
    }),
    bodyBytes: option.int({
      flag: '--body-bytes <n>',
      description: 'response body size of the in-process server',
      min: 0,
      default: 1024,
    }),
    serverDelay: option.duration({
      flag: '--server-delay <time>',
      description: "the in-process server's think time before answering (e.g. 2ms; default 0)",
      default: 0,
    }),
    closeEvery: option.int({
      flag: '--close-every <k>',
      description:
        'chaos: the in-process server drops the connection carrying every K-th request, unanswered',
    }),
    chaos: option.choice({
      flag: '--chaos <kind>',
      description:
        'fault injection: restart-server = halfway through each window the in-process server drops every connection, stops, and comes back on the same port',
      choices: ['none', 'restart-server'],
      default: 'none',
    }),
    client: option.choice({
      flag: '--client <kind>',
      description:
        'http1 and https: undici (what Node applications use) or raw (requests serialised once on node:net / node:tls sockets and a minimal parser: a generator as lean as the native tools)',
      choices: ['undici', 'raw'],
      default: 'undici',
    }),
    retries: option.int({
      flag: '--retries <n>',
      description: 'retry a request that failed on its connection up to N times (retries counted)',
      min: 0,
      default: 0,
    }),
    method: option.string({
      flag: '--method <verb>',
      description: 'the request method of every op (default GET)',
    }),
    headers: option.list({
      flag: '-H, --header <line>',
      description:
        "a request header, 'Name: value' (repeatable); the values of Authorization, Cookie and *token*/*key*/*secret* headers are never shown",
      redact: redactHeader,
    }),
    body: option.string({
      flag: '--body <text>',
      description: 'the request body of every op',
    }),
    bodyFile: option.string({
      flag: '--body-file <path>',
      description: 'the request body of every op, read from a file (instead of --body)',
    }),
    expectStatus: option.intList({
      flag: '--expect-status <list>',
      description:
        'the statuses that count as success, e.g. 200,201 (default: any below 400); others are errors by status',
      min: 100,
    }),
    poolSize: option.int({
      flag: '--pool-size <n>',
      description: 'most connections a pool opens (default: just enough for the concurrency)',
      usedBy: pooled,
    }),
    burst: option.int({
      flag: '--burst <n>',
      description: 'thundering herd experiment: N simultaneous requests on a cold client',
      default: 100,
      // The burst experiment's, not the measured runs'.
      usedBy: [],
    }),
    // Not flags: laid over the options by remoteOptions() so worker threads reach the in-process server.
    trustedCaPem: option.string({
      hidden: true,
      description: "the in-process server's certificate, trusted",
    }),
    tlsServername: option.string({
      hidden: true,
      description: 'the name the certificate is checked against',
    }),
  };
}

export type CommonOptionSpecs = ReturnType<typeof commonOptions>;
export type HttpOptions = OptionValues<CommonOptionSpecs>;

export function validateOptions(o: HttpOptions, scheme: Scheme, scenarioId: string): string[] {
  const problems: string[] = requestProblems(o);
  if (o.client === 'raw' && scenarioId === 'http2')
    problems.push('--client raw speaks HTTP/1.1 only: use it with http1 or https');
  // The raw client's one request is a GET serialised at set-up: a custom request would be silently dropped.
  const custom = [
    ...(o.method !== undefined && o.method.toUpperCase() !== 'GET' ? ['--method'] : []),
    ...((o.headers ?? []).length > 0 ? ['-H/--header'] : []),
    ...(o.body !== undefined ? ['--body'] : []),
    ...(o.bodyFile !== undefined ? ['--body-file'] : []),
  ];
  if (o.client === 'raw' && custom.length > 0)
    problems.push(
      `--client raw sends a plain GET; ${custom.join(', ')} need the default client (--client undici)`,
    );
  if (o.target !== undefined) {
    const parsed = parseTarget(o.target, scheme, scenarioId);
    if ('problem' in parsed) problems.push(parsed.problem);
    if (o.closeEvery !== undefined)
      problems.push('--close-every drives the in-process server: it cannot be combined with --target');
    if (o.chaos === 'restart-server')
      problems.push(
        '--chaos restart-server restarts a server poolbench owns (the in-process one); poolbench does not own a --target server: drop --target',
      );
  }
  return problems;
}
