// The options every PostgreSQL scenario has (its target, its pool's size) and their check: declared once here.

import { option } from '../../../src/scenario/index.js';

export const pgUrlOption = option.url({
  flag: '--pg-url <url>',
  description:
    'PostgreSQL to benchmark (else the libpq PG* variables; with neither, an embedded throwaway PostgreSQL)',
  env: 'DATABASE_URL',
  secret: true,
});

export const poolSizeOption = option.int({
  flag: '--pool-size <n>',
  description: 'connections in the pool (default: the concurrency)',
  usedBy: ['pooled'],
});

const URL_SCHEMES = ['postgres:', 'postgresql:', 'socket:'];

/** What is wrong with --pg-url / DATABASE_URL, if anything: it must be a PostgreSQL URL. */
export function pgUrlProblems(pgUrl: string | undefined): string[] {
  if (pgUrl === undefined) return [];
  const scheme = URL.canParse(pgUrl) ? new URL(pgUrl).protocol : undefined;
  if (scheme && URL_SCHEMES.includes(scheme)) return [];
  return [`--pg-url / DATABASE_URL: expected a postgres:// URL, got a '${scheme ?? 'non-URL'}' one`];
}
