// The one table poolbench writes to, and how it knows the table is its own. poolbench never touches a
// table it did not create: a table it creates carries a marker comment (COMMENT ON TABLE), a same-named
// table without the marker is refused. At the end a run deletes its own rows and drops the table only if
// it created it and no other poolbench run is using it (a shared advisory lock held by every run's control
// connection tells); otherwise the table is left as found.

import pg from 'pg';
import { TargetError } from '../../src/errors.js';
import { errorCode, safeMessage, type TargetLabel } from '../shared/postgres/target-errors.js';

export const TABLE = 'poolbench_users';
const MARKER_PREFIX = 'poolbench-owned table';

export function markerFor(runId: string): string {
  return `${MARKER_PREFIX}, created by poolbench run ${runId}; poolbench drops it when that run ends`;
}

export interface TableClaim {
  /** Schema-qualified, quoted: "public"."poolbench_users". */
  readonly name: string;
  readonly createdByThisRun: boolean;
  /** It existed, and no live run was using it: left by runs that did not finish (abandoned-runs.ts). */
  readonly abandoned: boolean;
  /** What the run found, for the result's notes. */
  readonly note: string;
}

/** Every run holds this lock shared; dropping the table takes it exclusively. */
const lockKeySql = 'hashtextextended($1, 0)';
const lockKey = (name: string) => `poolbench:${name}`;

function quoted(schema: string): string {
  return `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(TABLE)}`;
}

interface Existing {
  kind: string;
  comment: string | null;
  usable: boolean;
}

async function findExisting(db: pg.Client, schema: string): Promise<Existing | undefined> {
  const { rows } = await db.query<Existing>(
    `SELECT c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment,
            c.relkind = 'r' AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE') AS usable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, TABLE],
  );
  return rows[0];
}

export async function claimTable(
  db: pg.Client,
  schema: string | null,
  runId: string,
  label: TargetLabel,
): Promise<TableClaim> {
  if (!schema) {
    throw new TargetError(
      `no schema to create ${TABLE} in at ${label.displayUrl}: none of the schemas on the search_path exists; create one or set search_path`,
    );
  }
  const name = quoted(schema);
  await db.query(`SELECT pg_advisory_lock_shared(${lockKeySql})`, [lockKey(name)]);
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await findExisting(db, schema);
    if (existing) return adopt(db, existing, schema, name, label);
    try {
      await db.query('BEGIN');
      await db.query(`CREATE TABLE ${name} (
        id serial PRIMARY KEY,
        username varchar(50) UNIQUE NOT NULL,
        email varchar(100) UNIQUE NOT NULL,
        created_at timestamptz DEFAULT now()
      )`);
      await db.query(`COMMENT ON TABLE ${name} IS ${pg.escapeLiteral(markerFor(runId))}`);
      await db.query('COMMIT');
      return {
        name,
        createdByThisRun: true,
        abandoned: false,
        note: `table ${schema}.${TABLE} created for this run; dropped at the end`,
      };
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      // Another run created it between our look and our CREATE: look again.
      if (errorCode(err) === '42P07' && attempt === 0) continue;
      if (errorCode(err) === '42501') {
        throw new TargetError(
          `no permission to create table ${schema}.${TABLE} at ${label.displayUrl} (${safeMessage(err, label)}): GRANT CREATE ON SCHEMA ${pg.escapeIdentifier(schema)} to this user, or use a database where it may create tables`,
          { cause: err },
        );
      }
      throw new TargetError(
        `cannot create table ${schema}.${TABLE} at ${label.displayUrl}: ${safeMessage(err, label)}`,
        { cause: err },
      );
    }
  }
  throw new TargetError(`table ${schema}.${TABLE} at ${label.displayUrl} keeps appearing and vanishing`);
}

async function adopt(
  db: pg.Client,
  existing: Existing,
  schema: string,
  name: string,
  label: TargetLabel,
): Promise<TableClaim> {
  const full = `${schema}.${TABLE}`;
  if (existing.kind !== 'r' || !existing.comment?.startsWith(MARKER_PREFIX)) {
    throw new TargetError(
      `${full} at ${label.displayUrl} exists but was not created by poolbench (no poolbench marker comment); poolbench never writes to a table it did not create: rename or drop it yourself, or point poolbench at another database or schema`,
    );
  }
  if (!existing.usable) {
    throw new TargetError(
      `no permission to use ${full} at ${label.displayUrl} (left by another poolbench run under another user): GRANT SELECT, INSERT, UPDATE, DELETE on it, or drop it`,
    );
  }
  const by = /run ([0-9a-f]+)/.exec(existing.comment)?.[1] ?? 'unknown';
  // Another run holds the lock shared while it is alive; when nobody does, the table was abandoned by a
  // run that never reached its clean-up (killed). Only rows that runs marked as theirs are then removed,
  // and the table is taken over only once it holds nothing else (abandoned-runs.ts).
  const abandoned = (await whileAlone(db, name, async () => true)) ?? false;
  const state = abandoned
    ? `left behind by poolbench run ${by}, which did not finish; drop it with DROP TABLE ${name} if you do not need its rows`
    : `in use by another poolbench run (${by} created it)`;
  return {
    name,
    createdByThisRun: false,
    abandoned,
    note: `table ${full} already existed (${state}): kept as found; only this run's rows were written and removed`,
  };
}

/** Runs `fn` holding the table's lock alone (no other run is using the table); undefined when one is. */
export async function whileAlone<T>(
  db: pg.Client,
  name: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  const key = lockKey(name);
  const { rows } = await db.query<{ alone: boolean }>(`SELECT pg_try_advisory_lock(${lockKeySql}) AS alone`, [
    key,
  ]);
  if (!rows[0]?.alone) return undefined;
  try {
    return await fn();
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${lockKeySql})`, [key]).catch(() => undefined);
  }
}

/** Deletes the rows whose username starts with `prefix`; returns how many there were. */
export async function deleteRows(db: pg.Client, claim: TableClaim, prefix: string): Promise<number> {
  const result = await db.query(`DELETE FROM ${claim.name} WHERE starts_with(username, $1)`, [prefix]);
  return result.rowCount ?? 0;
}

/**
 * Removes this run's rows, then drops the table if this run created it and no other run holds the lock.
 * Returns a note when the table had to stay.
 */
export async function releaseTable(
  db: pg.Client,
  claim: TableClaim,
  runPrefix: string,
  runId: string,
): Promise<string | undefined> {
  await deleteRows(db, claim, runPrefix);
  if (!claim.createdByThisRun) return undefined;
  const dropped = await whileAlone(db, claim.name, async () => {
    try {
      await db.query('BEGIN');
      const { rows: marker } = await db.query<{ comment: string | null }>(
        `SELECT obj_description(to_regclass($1), 'pg_class') AS comment`,
        [claim.name],
      );
      // Paranoia: drop only the table that still carries this run's marker.
      if (marker[0]?.comment === markerFor(runId)) await db.query(`DROP TABLE ${claim.name}`);
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return true;
  });
  if (!dropped) {
    return `table ${claim.name} kept: another poolbench run is using it (it drops nothing it did not create; drop the table once no run is active)`;
  }
  return undefined;
}
