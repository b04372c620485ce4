// The flags of `poolbench run postgres-crud`, declared once: their kinds give the scenario its typed
// values. validate() checks what the kinds alone cannot: that the URL is a PostgreSQL one.

import { type OptionValues, option } from '../../src/scenario/index.js';

export const options = {
  pgUrl: option.url({
    flag: '--pg-url <url>',
    description:
      'PostgreSQL to benchmark (else the libpq PG* variables; with neither, an embedded throwaway PostgreSQL)',
    env: 'DATABASE_URL',
    secret: true,
  }),
  records: option.int({
    flag: '--records <n>',
    description: 'synthetic users per phase (create, read, update, delete)',
    default: 1000,
  }),
  poolSize: option.int({
    flag: '--pool-size <n>',
    description: 'connections in the pool (default: the concurrency)',
    usedBy: ['pooled'],
  }),
  cold: option.flag({
    flag: '--cold',
    description: "do not warm the pool before measuring: the first phase pays the pool's cold start",
    usedBy: ['pooled'],
  }),
  chaos: option.choice({
    flag: '--chaos <kind>',
    description:
      "fault injection halfway through each phase: kill-backends = pg_terminate_backend on the variant's connections",
    choices: ['kill-backends'],
  }),
};

export type CrudOptions = OptionValues<typeof options>;

const URL_SCHEMES = ['postgres:', 'postgresql:', 'socket:'];

/** Cross-checks the option kinds alone cannot make; every problem at once. */
export function validate(o: CrudOptions): string[] {
  if (o.pgUrl === undefined) return [];
  const scheme = URL.canParse(o.pgUrl) ? new URL(o.pgUrl).protocol : undefined;
  if (scheme && URL_SCHEMES.includes(scheme)) return [];
  return [`--pg-url / DATABASE_URL: expected a postgres:// URL, got a '${scheme ?? 'non-URL'}' one`];
}
