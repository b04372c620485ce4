// The user's statement as every op sends it (simple, extended or named prepared, as pgbench's -M), and the
// check before measuring: run once inside a transaction that is rolled back, read-only unless --allow-writes,
// so a statement that writes, or that cannot run at all, is refused with one line before any op is timed.

import pg from 'pg';
import { ConfigError, TargetError } from '../../src/errors.js';
import type { Queryable } from '../shared/postgres/connectors.js';
import type { TargetLabel } from '../shared/postgres/target-errors.js';
import { errorCode, safeMessage } from '../shared/postgres/target-errors.js';

/** simple: no parameters, one round trip of the simple protocol; extended: parsed per op; prepared: per connection. */
export type QueryMode = 'simple' | 'extended' | 'prepared';

export interface Statement {
  readonly text: string;
  readonly mode: QueryMode;
  /** The prepared statement's name (one per run, so two runs on one pooler do not collide). */
  readonly name: string;
}

export function statement(text: string, prepared: boolean, paramCount: number, runId: string): Statement {
  const mode: QueryMode = prepared ? 'prepared' : paramCount > 0 ? 'extended' : 'simple';
  return { text, mode, name: `poolbench_${runId}` };
}

/** What one op sends. */
export function queryOf(s: Statement, values: readonly (number | string)[]): pg.QueryConfig {
  const config: pg.QueryConfig = { text: s.text, values: [...values] };
  return s.mode === 'prepared' ? { ...config, name: s.name } : config;
}

export interface CheckResult {
  /** Rows the statement returned (or affected) in the check. */
  rows: number;
  command: string;
}

const READ_ONLY_REFUSAL = '25006';
const CHECK_TIMEOUT = '30s';

/**
 * Runs the statement once in a transaction that is always rolled back: READ ONLY by default, so a write
 * is refused by the server itself. Every failure is a usage problem (exit 2) naming why.
 */
export async function checkStatement(
  control: Queryable,
  s: Statement,
  values: readonly (number | string)[],
  allowWrites: boolean,
  label: TargetLabel,
): Promise<CheckResult> {
  await control.query(allowWrites ? 'BEGIN' : 'BEGIN READ ONLY');
  try {
    await control.query(`SET LOCAL statement_timeout = '${CHECK_TIMEOUT}'`);
    const result = await control.query(
      queryOf({ ...s, mode: s.mode === 'prepared' ? 'extended' : s.mode }, values),
    );
    return { rows: result.rowCount ?? result.rows.length, command: result.command };
  } catch (err) {
    throw refusal(err, values.length, label);
  } finally {
    await control.query('ROLLBACK').catch(() => {});
  }
}

function refusal(err: unknown, paramCount: number, label: TargetLabel): Error {
  const message = safeMessage(err, label);
  // Not the server's answer to the statement (a dropped connection): the target failed, not the usage.
  if (!(err instanceof pg.DatabaseError)) {
    return new TargetError(`cannot use PostgreSQL at ${label.displayUrl}: ${message}`, { cause: err });
  }
  if (errorCode(err) === READ_ONLY_REFUSAL) {
    return new ConfigError([
      `postgres-query: the statement writes (the server refused it in a read-only transaction: ${message}); nothing was measured: postgres-query is read-only by default, --allow-writes permits it (its writes are kept)`,
    ]);
  }
  const given =
    paramCount === 0
      ? 'no --param given'
      : `${paramCount} --param given, as ${paramCount === 1 ? '$1' : `$1..$${paramCount}`}`;
  return new ConfigError([
    `postgres-query: the statement failed when checked once before measuring (${message}; ${given}): fix --sql / --sql-file or the --param list`,
  ]);
}
