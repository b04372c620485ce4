// The options of the three HTTP scenarios: the common ones, plus --pipelining (http1) and --streams (http2).
// The CLI parses and range-checks each flag; validate() checks what spans several options.

import type { OptionSpec, OptionValues } from '../../src/driver/scenario.js';
import { parseTarget, type Scheme } from './target.js';

export interface HttpOptions {
  target?: string;
  insecure: boolean;
  bodyBytes: number;
  serverDelayMs: number;
  closeEvery?: number;
  retries: number;
  poolSize?: number;
  pipelining: number;
  streams: number;
  burst: number;
  /** Not flags: laid over the options by remoteOptions() so worker threads reach the in-process server. */
  trustedCaPem?: string;
  tlsServername?: string;
}

const target = (scenarioId: string): OptionSpec => ({
  key: 'target',
  flags: '--target <address>',
  description: 'an external server to measure instead of the in-process one (URL, or host:port)',
  kind: 'string',
  env: `${scenarioId.toUpperCase()}_TARGET`,
  secret: true,
});

const COMMON: OptionSpec[] = [
  {
    key: 'insecure',
    flags: '--insecure',
    description: 'skip TLS certificate verification of --target (stated in the result)',
    kind: 'bool',
    default: false,
  },
  {
    key: 'bodyBytes',
    flags: '--body-bytes <n>',
    description: 'response body size of the in-process server',
    kind: 'int',
    min: 0,
    default: 1024,
  },
  {
    key: 'serverDelay',
    flags: '--server-delay <time>',
    description: "the in-process server's think time before answering (e.g. 2ms; default 0)",
    kind: 'duration',
    default: 0,
  },
  {
    key: 'closeEvery',
    flags: '--close-every <k>',
    description: 'chaos: the in-process server drops the connection carrying every K-th request, unanswered',
    kind: 'int',
  },
  {
    key: 'retries',
    flags: '--retries <n>',
    description: 'retry a request that failed on its connection up to N times (retries counted)',
    kind: 'int',
    min: 0,
    default: 0,
  },
  {
    key: 'poolSize',
    flags: '--pool-size <n>',
    description: 'most connections a pool opens (default: just enough for the concurrency)',
    kind: 'int',
  },
  {
    key: 'burst',
    flags: '--burst <n>',
    description: 'thundering herd experiment: N simultaneous requests on a cold client',
    kind: 'int',
    default: 100,
  },
];

const PIPELINING: OptionSpec = {
  key: 'pipelining',
  flags: '--pipelining <depth>',
  description: 'HTTP/1.1 pipelining depth of the pipelined variant',
  kind: 'int',
  default: 10,
};

const STREAMS: OptionSpec = {
  key: 'streams',
  flags: '--streams <n>',
  description: 'most concurrent HTTP/2 streams per connection of the multiplexed variant',
  kind: 'int',
  default: 100,
};

export function optionSpecs(scenarioId: string, extra: 'pipelining' | 'streams' | undefined): OptionSpec[] {
  const own = extra === 'pipelining' ? [PIPELINING] : extra === 'streams' ? [STREAMS] : [];
  return [target(scenarioId), ...COMMON, ...own];
}

export function readOptions(values: OptionValues): HttpOptions {
  const int = (key: string, fallback: number) => {
    const v = values[key];
    return typeof v === 'number' ? v : fallback;
  };
  const str = (key: string) => {
    const v = values[key];
    return typeof v === 'string' ? v : undefined;
  };
  const closeEvery = values.closeEvery;
  const poolSize = values.poolSize;
  return {
    target: str('target'),
    insecure: values.insecure === true,
    bodyBytes: int('bodyBytes', 1024),
    serverDelayMs: int('serverDelay', 0),
    ...(typeof closeEvery === 'number' ? { closeEvery } : {}),
    retries: int('retries', 0),
    ...(typeof poolSize === 'number' ? { poolSize } : {}),
    pipelining: int('pipelining', 10),
    streams: int('streams', 100),
    burst: int('burst', 100),
    trustedCaPem: str('trustedCaPem'),
    tlsServername: str('tlsServername'),
  };
}

export function validateOptions(values: OptionValues, scheme: Scheme, scenarioId: string): string[] {
  const o = readOptions(values);
  const problems: string[] = [];
  if (o.target !== undefined) {
    const parsed = parseTarget(o.target, scheme, scenarioId);
    if ('problem' in parsed) problems.push(parsed.problem);
    if (o.closeEvery !== undefined)
      problems.push('--close-every drives the in-process server: it cannot be combined with --target');
  }
  return problems;
}
