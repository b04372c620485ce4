// The flags of `poolbench run postgres-crud`, declared once: their kinds give the scenario its typed
// values. validate() checks what the kinds alone cannot: that the URL is a PostgreSQL one.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { pgUrlOption, pgUrlProblems, poolSizeOption } from '../shared/postgres/options.js';

/** The variants that hold a client-side pool: the pool options are theirs. */
export const POOLED = ['pooled', 'pooled-pgbouncer', 'pooled-postgresjs'];

export const options = {
  pgUrl: pgUrlOption,
  records: option.int({
    flag: '--records <n>',
    description: 'synthetic users per phase (create, read, update, delete)',
    default: 1000,
  }),
  poolSize: { ...poolSizeOption, usedBy: POOLED },
  cold: option.flag({
    flag: '--cold',
    description: "do not warm the pool before measuring: the first phase pays the pool's cold start",
    usedBy: POOLED,
  }),
  pgbouncerUrl: option.url({
    flag: '--pgbouncer-url <url>',
    description:
      'PgBouncer (transaction mode) in front of the same database, for the pgbouncer variants (else poolbench starts one from PATH, else they are skipped)',
    env: 'PGBOUNCER_URL',
    secret: true,
    usedBy: ['pgbouncer', 'pooled-pgbouncer'],
  }),
  pgbouncerPoolSize: option.int({
    flag: '--pgbouncer-pool-size <n>',
    description:
      "server connections of the PgBouncer poolbench starts (its default_pool_size; PgBouncer's default 20)",
    default: 20,
    usedBy: ['pgbouncer', 'pooled-pgbouncer'],
  }),
  chaos: option.choice({
    flag: '--chaos <kind>',
    description:
      "fault injection halfway through each phase: kill-backends = pg_terminate_backend on the variant's connections",
    choices: ['kill-backends'],
  }),
};

export type CrudOptions = OptionValues<typeof options>;

/** Cross-checks the option kinds alone cannot make; every problem at once. */
export function validate(o: CrudOptions): string[] {
  return [
    ...pgUrlProblems(o.pgUrl),
    ...pgUrlProblems(o.pgbouncerUrl).map((p) =>
      p.replace('--pg-url / DATABASE_URL', '--pgbouncer-url / PGBOUNCER_URL'),
    ),
  ];
}
