// Rows a killed run left in poolbench_users. Every run marks its rows with an owner row, `pb-<runid>-owner`,
// whose email names the run and its process (pid space and pid, see src/util/owner.ts) and whose created_at
// is the run's start. A run removes the rows of every run whose process is gone, or that started more than
// a day ago; rows of runs that left no owner row (older poolbench) only once they are more than a day old.
// A table left by killed runs that ends up empty is taken over, so this run drops it at the end.

import pg from 'pg';
import { type Owner, ownerGone, thisProcess } from '../../src/util/owner.js';
import { deleteRows, markerFor, type TableClaim, whileAlone } from './table.js';

const OWNER = 'owner';
// The run id keeps it unique (email is): one process opens a session per sweep point and per thread.
const OWNER_EMAIL = /^run-owner\.[0-9a-f]+\.([0-9a-f]+)\.(\d+)@poolbench\.invalid$/;
/** Owner rows of every run: `pb-<runid>-owner`. */
const OWNER_USERNAME = '^pb-[0-9a-f]+-owner$';

function ownerOf(row: { email: string; created_at: Date }): Owner | undefined {
  const match = OWNER_EMAIL.exec(row.email);
  if (!match) return undefined;
  return { pidSpace: match[1]!, pid: Number(match[2]), startedAt: row.created_at.toISOString() };
}

/**
 * Writes this run's owner row, removes the rows of abandoned runs, and takes over an abandoned table that
 * is left empty. Returns the claim as it now stands and one line per removal.
 */
export async function markRun(
  db: pg.Client,
  claim: TableClaim,
  runId: string,
  runPrefix: string,
): Promise<{ claim: TableClaim; removed: string[] }> {
  const me = thisProcess();
  const own = `${runPrefix}${OWNER}`;
  await db.query(`INSERT INTO ${claim.name} (username, email) VALUES ($1, $2)`, [
    own,
    `run-owner.${runId}.${me.pidSpace}.${me.pid}@poolbench.invalid`,
  ]);
  const removed: string[] = [];
  const { rows } = await db.query<{ username: string; email: string; created_at: Date; now: Date }>(
    `SELECT username, email, created_at, now() AS now FROM ${claim.name} WHERE username ~ $1 AND username <> $2`,
    [OWNER_USERNAME, own],
  );
  for (const row of rows) {
    const owner = ownerOf(row);
    const why = owner && ownerGone(owner, row.now.getTime());
    if (!owner || !why) continue;
    const prefix = row.username.slice(0, -OWNER.length);
    // The owner row goes too, and is not counted.
    const count = (await deleteRows(db, claim, prefix)) - 1;
    removed.push(
      `removed ${count} rows of poolbench run ${prefix.slice(3, -1)} from ${claim.name}, left when that run did not finish: ${why}`,
    );
  }
  const unmarked = await db.query(
    `DELETE FROM ${claim.name} t WHERE starts_with(t.username, 'pb-') AND t.created_at < now() - interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM ${claim.name} o WHERE o.username = 'pb-' || split_part(t.username, '-', 2) || '-${OWNER}')`,
  );
  if (unmarked.rowCount) {
    removed.push(
      `removed ${unmarked.rowCount} rows older than a day from ${claim.name}, of runs that left no owner row`,
    );
  }
  return { claim: await takeOver(db, claim, runId, own), removed };
}

/** An abandoned table with no rows but ours becomes this run's: re-marked, so it is dropped at the end. */
async function takeOver(db: pg.Client, claim: TableClaim, runId: string, own: string): Promise<TableClaim> {
  if (!claim.abandoned) return claim;
  const taken = await whileAlone(db, claim.name, async () => {
    const left = await db.query(`SELECT 1 FROM ${claim.name} WHERE username <> $1 LIMIT 1`, [own]);
    if (left.rowCount) return false;
    await db.query(`COMMENT ON TABLE ${claim.name} IS ${pg.escapeLiteral(markerFor(runId))}`);
    return true;
  });
  if (!taken) return claim;
  return {
    ...claim,
    createdByThisRun: true,
    abandoned: false,
    note: `table ${claim.name} was left by poolbench runs that did not finish: this run took it over and drops it at the end`,
  };
}
