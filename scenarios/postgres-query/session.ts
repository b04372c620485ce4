// Opens postgres-query: reach the server (shared with postgres-crud), check the statement once in a
// transaction that is rolled back, and hand the variants the statement and its parameters.

import { randomBytes } from 'node:crypto';
import { InterruptedError } from '../../src/errors.js';
import type { Session } from '../../src/scenario/index.js';
import {
  type Control,
  openControl,
  poolSizeWarnings,
  serverDetails,
  targetInfo,
} from '../shared/postgres/control.js';
import type { options, QueryOptions } from './options.js';
import { statementOf } from './options.js';
import { describeParams, drawParams, type ParamSpec, parseParams } from './params.js';
import { type CheckResult, checkStatement, type Statement, statement } from './statement.js';

export interface QuerySession extends Session<typeof options> {
  readonly control: Control;
  readonly runId: string;
  readonly statement: Statement;
  readonly params: readonly ParamSpec[];
  nextSetup(): number;
}

const STATEMENT_SHOWN = 200;

export async function openQuery(o: QueryOptions, signal: AbortSignal): Promise<QuerySession> {
  const runId = randomBytes(4).toString('hex');
  const { params } = parseParams(o.params);
  const s = statement(statementOf(o), o.prepared, params.length, runId);
  const control = await openControl(o.pgUrl, runId, signal);
  let checked: CheckResult;
  try {
    checked = await checkStatement(
      control.client,
      s,
      drawParams(params, o.seed, 0),
      o.allowWrites,
      control.target,
    );
  } catch (err) {
    await control.close();
    throw signal.aborted ? new InterruptedError() : err;
  } finally {
    control.stopWatchingAbort();
  }
  let setups = 0;
  const writes = !['SELECT', 'SHOW', 'EXPLAIN', 'VALUES', 'TABLE', 'FETCH'].includes(checked.command);
  return {
    control,
    runId,
    statement: s,
    params,
    nextSetup: () => ++setups,
    target: targetInfo(control),
    warnings: [
      ...poolSizeWarnings(o.poolSize, control.facts),
      ...(o.allowWrites && writes
        ? [
            `--allow-writes: the statement (${checked.command}) runs for real on every op, and what it writes is kept`,
          ]
        : []),
    ],
    notes: [
      `Every op runs the statement once on its connection (${modeNote(s)}); unpooled opens a pg.Client per op (connect + authenticate, statement, end), pooled takes a connection from pg.Pool, warmed before measuring.`,
      `Checked before measuring: run once in a ${o.allowWrites ? '' : 'READ ONLY '}transaction that was rolled back (${checked.command}, ${checked.rows} rows).`,
      ...(params.length > 0
        ? [
            `Parameters drawn per op from --seed ${o.seed} and the op's number: every variant sends the same values in the same order.`,
          ]
        : []),
    ],
    details: async () => ({
      ...serverDetails(control.facts),
      statement: shorten(s.text),
      queryMode: s.mode,
      ...(params.length > 0 ? { params: describeParams(params), seed: o.seed } : {}),
      rowsPerOpInCheck: checked.rows,
    }),
    // Worker threads open sessions of their own on the same server (an embedded one included).
    remoteOptions: () => ({ ...o, pgUrl: control.target.remoteUrl }),
    close: closeOnce(control),
  };
}

function modeNote(s: Statement): string {
  switch (s.mode) {
    case 'simple':
      return 'simple query protocol, as pgbench -M simple';
    case 'extended':
      return 'extended protocol, parsed on every op, as pgbench -M extended';
    case 'prepared':
      return 'a named prepared statement, parsed once per connection, as pgbench -M prepared: unpooled parses it on every op, since each op is a new connection';
  }
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > STATEMENT_SHOWN ? `${one.slice(0, STATEMENT_SHOWN - 1)}…` : one;
}

function closeOnce(control: Control): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= control.close();
    return closing;
  };
}
