// redis's options: the specs the CLI parses and validates (flag, else environment / .env, else default),
// and their typed reading.

import type { OptionSpec, OptionValues } from '../../src/driver/scenario.js';
import { urlProblems } from './endpoint.js';
import type { HealthCheck } from './pool.js';
import type { CommandKind } from './workload.js';

export type Chaos = 'none' | 'kill-clients';

export interface RedisSettings {
  /** undefined = spawn a throwaway redis-server. */
  url: string | undefined;
  insecure: boolean;
  command: CommandKind;
  keySpace: number;
  payload: number;
  /** undefined = min(concurrency, 10), per the seed. */
  poolSize: number | undefined;
  cold: boolean;
  healthCheck: HealthCheck;
  healthCheckTtlMs: number;
  chaos: Chaos;
}

export const options: readonly OptionSpec[] = [
  {
    key: 'redisUrl',
    flags: '--redis-url <url>',
    description:
      'the server: redis://[user:password@]host:port[/db], rediss:// for TLS (default: a throwaway redis-server on a free loopback port)',
    kind: 'url',
    env: 'REDIS_URL',
    secret: true,
  },
  {
    key: 'insecure',
    flags: '--insecure',
    description: 'rediss://: accept a server certificate that cannot be verified (self-signed)',
    kind: 'bool',
  },
  {
    key: 'command',
    flags: '--command <kind>',
    description: 'what one op sends: get, set, or mixed (GET and SET in turn)',
    kind: 'choice',
    choices: ['get', 'set', 'mixed'],
    default: 'mixed',
  },
  {
    key: 'keySpace',
    flags: '--key-space <n>',
    description: "distinct keys the ops spread over (under the run's own poolbench:<runid>: prefix)",
    kind: 'int',
    default: 1000,
  },
  {
    key: 'payload',
    flags: '--payload <bytes>',
    description: 'bytes per value written by SET',
    kind: 'int',
    default: 32,
  },
  {
    key: 'poolSize',
    flags: '--pool-size <n>',
    description: 'connections per pool for pooled and pipeline variants (default: min(concurrency, 10))',
    kind: 'int',
  },
  {
    key: 'cold',
    flags: '--cold',
    description:
      "do not pre-create the pools' connections (opened on first borrow; visible in the measured window with --warmup 0)",
    kind: 'bool',
  },
  {
    key: 'healthCheck',
    flags: '--health-check <mode>',
    description:
      'PING on borrow for the pooled and pipeline variants: always, cached (skipped when checked < --health-check-ttl ago) or off; pooled-hc-always and pooled-hc-cached fix theirs',
    kind: 'choice',
    choices: ['always', 'cached', 'off'],
    default: 'off',
  },
  {
    key: 'healthCheckTtlMs',
    flags: '--health-check-ttl <time>',
    description: 'how long a health check stays valid in cached mode (the seed: 1s)',
    kind: 'duration',
    default: 1000,
  },
  {
    key: 'chaos',
    flags: '--chaos <kind>',
    description:
      "fault injection: kill-clients = CLIENT KILL (by ID) every connection of this run's variant halfway through each window",
    kind: 'choice',
    choices: ['none', 'kill-clients'],
    default: 'none',
  },
];

/** Cross-option and shape problems, every one at once (single values are checked by the CLI). */
export function validate(values: OptionValues): string[] {
  return typeof values.redisUrl === 'string' ? urlProblems(values.redisUrl) : [];
}

const isCommand = (v: unknown): v is CommandKind => v === 'get' || v === 'set' || v === 'mixed';
const isHealthCheck = (v: unknown): v is HealthCheck => v === 'always' || v === 'cached' || v === 'off';
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** The typed options; call after validate() found no problem. */
export function readOptions(values: OptionValues): RedisSettings {
  return {
    url: typeof values.redisUrl === 'string' && values.redisUrl !== '' ? values.redisUrl : undefined,
    insecure: values.insecure === true,
    command: isCommand(values.command) ? values.command : 'mixed',
    keySpace: num(values.keySpace, 1000),
    payload: num(values.payload, 32),
    poolSize: typeof values.poolSize === 'number' ? values.poolSize : undefined,
    cold: values.cold === true,
    healthCheck: isHealthCheck(values.healthCheck) ? values.healthCheck : 'off',
    healthCheckTtlMs: num(values.healthCheckTtlMs, 1000),
    chaos: values.chaos === 'kill-clients' ? 'kill-clients' : 'none',
  };
}
