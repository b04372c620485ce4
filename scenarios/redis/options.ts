// redis's options, declared once (flag, else environment / .env, else default): their kinds give the
// scenario its typed values. validate() checks the URL's shape.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { urlProblems } from './endpoint.js';

/** The variants that borrow from a pool: the pool options are theirs. */
const POOLED = [
  'pooled',
  'pooled-hc-cached',
  'pooled-hc-always',
  'pooled-node-redis',
  'pipeline-50',
  'pipeline-100',
];

export const options = {
  redisUrl: option.url({
    flag: '--redis-url <url>',
    description:
      'the server: redis://[user:password@]host:port[/db], rediss:// for TLS (default: a throwaway redis-server on a free loopback port)',
    env: 'REDIS_URL',
    secret: true,
  }),
  insecure: option.flag({
    flag: '--insecure',
    description: 'rediss://: accept a server certificate that cannot be verified (self-signed)',
  }),
  command: option.choice({
    flag: '--command <kind>',
    description: 'what one op sends: get, set, or mixed (GET and SET in turn)',
    choices: ['get', 'set', 'mixed'],
    default: 'mixed',
  }),
  keySpace: option.int({
    flag: '--key-space <n>',
    description: "distinct keys the ops spread over (under the run's own poolbench:<runid>: prefix)",
    default: 1000,
  }),
  payload: option.int({
    flag: '--payload <bytes>',
    description: 'bytes per value written by SET',
    default: 32,
  }),
  poolSize: option.int({
    flag: '--pool-size <n>',
    description: 'connections per pool for pooled and pipeline variants (default: min(concurrency, 10))',
    usedBy: POOLED,
  }),
  cold: option.flag({
    flag: '--cold',
    description:
      "do not pre-create the pools' connections (opened on first borrow; visible in the measured window with --warmup 0)",
    usedBy: POOLED,
  }),
  healthCheck: option.choice({
    flag: '--health-check <mode>',
    description:
      'PING on borrow for the pooled and pipeline variants: always, cached (skipped when checked < --health-check-ttl ago) or off; pooled-hc-always and pooled-hc-cached fix theirs',
    choices: ['always', 'cached', 'off'],
    default: 'off',
    usedBy: ['pooled', 'pipeline-50', 'pipeline-100'],
  }),
  healthCheckTtlMs: option.duration({
    flag: '--health-check-ttl <time>',
    description: 'how long a health check stays valid in cached mode (the seed: 1s)',
    default: 1000,
    usedBy: ['pooled', 'pooled-hc-cached', 'pipeline-50', 'pipeline-100'],
  }),
  chaos: option.choice({
    flag: '--chaos <kind>',
    description:
      "fault injection halfway through each window: kill-clients = CLIENT KILL (by ID) every connection of this run's variant; restart-server = the spawned redis-server stops and comes back on the same port",
    choices: ['none', 'kill-clients', 'restart-server'],
    default: 'none',
  }),
};

export type RedisOptions = OptionValues<typeof options>;

/** Shape problems, every one at once (single values are checked by the contract). */
export function validate(o: RedisOptions): string[] {
  if (o.redisUrl === undefined) return [];
  const problems = urlProblems(o.redisUrl);
  if (o.chaos === 'restart-server') {
    problems.push(
      '--chaos restart-server restarts the redis-server poolbench spawns; poolbench does not own the server of --redis-url or REDIS_URL: drop it, or use --chaos kill-clients',
    );
  }
  return problems;
}
