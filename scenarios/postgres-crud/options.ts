// The flags of `poolbench run postgres-crud`, declared once: their kinds give the scenario its typed
// values. validate() checks what the kinds alone cannot: that the URL is a PostgreSQL one.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { pgUrlOption, pgUrlProblems, poolSizeOption } from '../shared/postgres/options.js';

export const options = {
  pgUrl: pgUrlOption,
  records: option.int({
    flag: '--records <n>',
    description: 'synthetic users per phase (create, read, update, delete)',
    default: 1000,
  }),
  poolSize: poolSizeOption,
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

/** Cross-checks the option kinds alone cannot make; every problem at once. */
export function validate(o: CrudOptions): string[] {
  return pgUrlProblems(o.pgUrl);
}
