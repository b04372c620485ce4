// The flags of `poolbench run postgres-crud`. The CLI parses and validates each one (naming the flag);
// readOptions() turns the parsed values into the typed options the scenario uses.

import type { OptionSpec, OptionValues } from '../../src/driver/scenario.js';

export const CHAOS_KINDS = ['kill-backends'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export const DEFAULT_RECORDS = 1000;

export const optionSpecs: readonly OptionSpec[] = [
  {
    key: 'pgUrl',
    flags: '--pg-url <url>',
    description:
      'PostgreSQL to benchmark (else the libpq PG* variables; with neither, an embedded throwaway PostgreSQL)',
    kind: 'url',
    env: 'DATABASE_URL',
    secret: true,
  },
  {
    key: 'records',
    flags: '--records <n>',
    description: 'synthetic users per phase (create, read, update, delete)',
    kind: 'int',
    default: DEFAULT_RECORDS,
  },
  {
    key: 'poolSize',
    flags: '--pool-size <n>',
    description: 'connections in the pool (default: the concurrency)',
    kind: 'int',
  },
  {
    key: 'cold',
    flags: '--cold',
    description: "do not warm the pool before measuring: the first phase pays the pool's cold start",
    kind: 'bool',
  },
  {
    key: 'chaos',
    flags: '--chaos <kind>',
    description:
      "fault injection halfway through each phase: kill-backends = pg_terminate_backend on the variant's connections",
    kind: 'choice',
    choices: CHAOS_KINDS,
  },
];

export interface CrudOptions {
  pgUrl?: string;
  records: number;
  poolSize?: number;
  cold: boolean;
  chaos?: ChaosKind;
}

const URL_SCHEMES = ['postgres:', 'postgresql:', 'socket:'];

/** Cross-checks the CLI cannot make from the option kinds alone; every problem at once. */
export function validateOptions(values: OptionValues): string[] {
  const problems: string[] = [];
  const url = values.pgUrl;
  if (typeof url === 'string') {
    let scheme: string | undefined;
    try {
      scheme = new URL(url).protocol;
    } catch {
      scheme = undefined;
    }
    if (!scheme || !URL_SCHEMES.includes(scheme)) {
      problems.push(
        `--pg-url / DATABASE_URL: expected a postgres:// URL, got a '${scheme ?? 'non-URL'}' one`,
      );
    }
  }
  return problems;
}

export function readOptions(values: OptionValues): CrudOptions {
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  const chaos = CHAOS_KINDS.find((k) => k === values.chaos);
  return {
    pgUrl: typeof values.pgUrl === 'string' && values.pgUrl !== '' ? values.pgUrl : undefined,
    records: int(values.records) ?? DEFAULT_RECORDS,
    poolSize: int(values.poolSize),
    cold: values.cold === true,
    chaos,
  };
}
