// Opens postgres-crud against its target: resolve the server (or start the embedded one), connect the
// control connection, read the server's limits, claim the table. close() undoes all of it, in reverse,
// and is safe to call twice.

import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { InterruptedError, TargetError } from '../../src/errors.js';
import type { Session } from '../../src/scenario/index.js';
import { openControl, poolSizeWarnings, serverDetails, targetInfo } from '../shared/postgres/control.js';
import { PGBOUNCER_VARIANTS, type PgBouncer, resolvePgBouncer } from '../shared/postgres/pgbouncer.js';
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
  /** PgBouncer in front of the target, for the pgbouncer variants; absent when none is wanted or found. */
  readonly pgbouncer?: PgBouncer;
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
  variants?: readonly string[],
): Promise<CrudSession> {
  const runId = randomBytes(4).toString('hex');
  const opened = await openControl(o.pgUrl, runId, signal, env);
  const { target, facts, client: control } = opened;
  let claim: TableClaim | undefined;
  let removed: string[] = [];
  let pgbouncer: PgBouncer | undefined;
  const skipped: Record<string, string> = {};
  const wantsPgBouncer = PGBOUNCER_VARIANTS.some((v) => variants === undefined || variants.includes(v));
  try {
    claim = await claimTable(control, facts.schema, runId, target);
    ({ claim, removed } = await markRun(control, claim, runId, rowPrefix(runId)));
    if (signal.aborted) throw new InterruptedError();
    if (wantsPgBouncer) {
      const found = await resolvePgBouncer(o.pgbouncerUrl, target, o.pgbouncerPoolSize, signal);
      if (signal.aborted) throw new InterruptedError();
      if (found.ok) pgbouncer = found.pgbouncer;
      else for (const v of PGBOUNCER_VARIANTS) skipped[v] = found.why;
    }
  } catch (err) {
    // Leave nothing behind: PgBouncer, the table if we created it, the connection, the embedded server.
    await pgbouncer?.stop().catch(ignore);
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
    ...(pgbouncer ? { pgbouncer } : {}),
    nextSetup: () => ++setups,
  };
  return {
    run,
    target: targetInfo(opened),
    warnings: [...removed, ...poolSizeWarnings(o.poolSize, facts)],
    notes: [
      claim.note,
      `this run's rows: usernames starting with ${rowPrefix(runId)}`,
      ...(pgbouncer
        ? [
            `pgbouncer variants through ${pgbouncer.description}; their 'connect' is TCP + auth to PgBouncer, unpooled's is TCP + auth to PostgreSQL (a backend started per connection)`,
          ]
        : []),
    ],
    skipped,
    phases: PHASES.map((name) => ({ name, ops: o.records })),
    details: async () => {
      const { database, user, ...limits } = serverDetails(facts);
      return {
        database,
        user,
        table: claim.name,
        records: o.records,
        ...limits,
        ...(pgbouncer ? { pgbouncer: pgbouncer.description } : {}),
      } as Record<string, string | number>;
    },
    // Worker threads open sessions of their own on the same server (an embedded one included), each with
    // its own run id, rows and control connection; the table is shared under the same ownership rules.
    remoteOptions: () => ({
      ...o,
      pgUrl: target.remoteUrl,
      ...(pgbouncer ? { pgbouncerUrl: pgbouncer.remoteUrl } : {}),
    }),
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
      await run.pgbouncer?.stop().catch(ignore);
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
