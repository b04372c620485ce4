// The workload of the seed benchmark: create, read, update, then delete the same synthetic users, one
// statement per op. Rows are found by their unique username (not by the id an INSERT returned), so a
// row whose INSERT committed but whose reply was lost to a dropped connection is still read and deleted.

export const PHASES = ['create', 'read', 'update', 'delete'] as const;
export type PhaseName = (typeof PHASES)[number];

/** What the CRUD ops need of a pg.Client or a pooled client. */
export interface Queryable {
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null }>;
}

export type CrudStatements = Record<PhaseName, string>;

export function crudStatements(table: string): CrudStatements {
  return {
    create: `INSERT INTO ${table} (username, email) VALUES ($1, $2) RETURNING id`,
    read: `SELECT id, username, email, created_at FROM ${table} WHERE username = $1`,
    update: `UPDATE ${table} SET email = $2 WHERE username = $1`,
    delete: `DELETE FROM ${table} WHERE username = $1`,
  };
}

/** The record's identity: a prefix unique to the run and the variant's set-up, and the record index. */
export function usernameOf(prefix: string, record: number): string {
  return `${prefix}${record}`;
}

// Reserved top-level domain: these addresses can never belong to anybody.
const emailOf = (username: string, phase: PhaseName) =>
  phase === 'update' ? `${username}@updated.poolbench.invalid` : `${username}@poolbench.invalid`;

/** A read, update or delete that found no row: the record's create failed earlier in the run. */
export class MissingRecordError extends Error {
  override readonly name = 'MissingRecord';
  /** The statement ran: the pool keeps the connection. */
  readonly connectionUsable = true;
  readonly hint: string;
  constructor(phase: PhaseName, username: string) {
    super(`${phase}: no row for ${username}`);
    this.hint = `the record was not created (its create op failed earlier in this run): nothing to ${phase}`;
  }
}

export function phaseOf(name: string | undefined): PhaseName {
  const phase = PHASES.find((p) => p === name);
  if (!phase) throw new Error(`postgres-crud runs in phases (${PHASES.join(', ')}); got ${name ?? 'none'}`);
  return phase;
}

export async function runCrudOp(
  db: Queryable,
  sql: CrudStatements,
  phase: PhaseName,
  username: string,
): Promise<void> {
  const values = phase === 'read' || phase === 'delete' ? [username] : [username, emailOf(username, phase)];
  const result = await db.query(sql[phase], values);
  if (result.rowCount !== 1) throw new MissingRecordError(phase, username);
}
