// Opens postgres-crud against its target: resolve the server (or start the embedded one), connect the
// control connection, read the server's limits, claim the table. close() undoes all of it, in reverse,
// and is safe to call twice.

import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { InterruptedError, TargetError } from '../../src/errors.js';
import type { Session } from '../../src/scenario/index.js';
import { openControl, poolSizeWarnings, serverDetails, targetInfo } from '../shared/postgres/control.js';
import type { ServerFacts } from '../shared/postgres/server-limits.js';
import type { PgTarget } from '../shared/postgres/target.js';
import { safeMessage } from '../shared/postgres/target-errors.js';
import { markRun } from './abandoned-runs.js';
import { type CrudStatements, crudStatements, PHASES } from './crud.js';
import type { CrudOptions, options } from './options.js';
import { claimTable, releaseTable, type TableClaim } from './table.js';

const ignore = () => {};

/** What every set-up of the run shares. */
export interface RunContext {
  readonly runId: string;
  readonly target: PgTarget;
  readonly facts: ServerFacts;
  /** poolbench's own connection: table bookkeeping, server queries and fault injection, never measured. */
  readonly control: pg.Client;
  readonly claim: TableClaim;
  readonly sql: CrudStatements;
  nextSetup(): number;
}

/** Every username of the run starts with this. */
export const rowPrefix = (runId: string) => `pb-${runId}-`;

/** The open session; its `run` is what every variant's set-up builds on. */
export interface CrudSession extends Session<typeof options> {
  readonly run: RunContext;
}

export async function openSession(
  o: CrudOptions,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CrudSession> {
  const runId = randomBytes(4).toString('hex');
  const opened = await openControl(o.pgUrl, runId, signal, env);
  const { target, facts, client: control } = opened;
  let claim: TableClaim | undefined;
  let removed: string[] = [];
  try {
    claim = await claimTable(control, facts.schema, runId, target);
    ({ claim, removed } = await markRun(control, claim, runId, rowPrefix(runId)));
    if (signal.aborted) throw new InterruptedError();
  } catch (err) {
    // Leave nothing behind: the table if we created it, the connection, the embedded server.
    if (claim) await releaseTable(control, claim, rowPrefix(runId), runId).catch(ignore);
    await opened.close();
    throw err;
  } finally {
    opened.stopWatchingAbort();
  }

  let setups = 0;
  const run: RunContext = {
    runId,
    target,
    facts,
    control,
    claim,
    sql: crudStatements(claim.name),
    nextSetup: () => ++setups,
  };
  return {
    run,
    target: targetInfo(opened),
    warnings: [...removed, ...poolSizeWarnings(o.poolSize, facts)],
    notes: [claim.note, `this run's rows: usernames starting with ${rowPrefix(runId)}`],
    phases: PHASES.map((name) => ({ name, ops: o.records })),
    details: async () => {
      const { database, user, ...limits } = serverDetails(facts);
      return { database, user, table: claim.name, records: o.records, ...limits } as Record<
        string,
        string | number
      >;
    },
    // Worker threads open sessions of their own on the same server (an embedded one included), each with
    // its own run id, rows and control connection; the table is shared under the same ownership rules.
    remoteOptions: () => ({ ...o, pgUrl: target.remoteUrl }),
    close: closeOnce(run, claim, target),
  };
}

function closeOnce(run: RunContext, claim: TableClaim, target: PgTarget): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    if (closing) return closing.catch(ignore);
    closing = (async () => {
      let failure: unknown;
      try {
        await releaseTable(run.control, claim, rowPrefix(run.runId), run.runId);
      } catch (err) {
        failure = err;
      }
      await run.control.end().catch(ignore);
      await target.stop();
      // The embedded cluster is gone with its data; a real server keeps what we could not remove: say so.
      if (failure !== undefined && target.kind !== 'embedded') {
        throw new TargetError(
          `could not remove this run's rows from ${claim.name} at ${target.displayUrl} (${safeMessage(failure, target)}): delete them with DELETE FROM ${claim.name} WHERE username LIKE '${rowPrefix(run.runId)}%'${claim.createdByThisRun ? `, then DROP TABLE ${claim.name}` : ''}`,
          { cause: failure },
        );
      }
    })();
    return closing;
  };
}
