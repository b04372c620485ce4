// The start every PostgreSQL scenario makes: resolve the target (--pg-url / DATABASE_URL, the PG*
// variables, else an embedded server), connect poolbench's own control connection and read the server's
// settings; any failure becomes one line naming the server, with what we started stopped again.

import pg from 'pg';
import { InterruptedError, TargetError } from '../../../src/errors.js';
import type { TargetInfo } from '../../../src/scenario/index.js';
import { readServerFacts, type ServerFacts } from './server-limits.js';
import { describeTarget, type PgTarget, resolveTarget } from './target.js';
import { connectError, safeMessage } from './target-errors.js';

const CONTROL_CONNECT_TIMEOUT_MS = 10_000;
const ignore = () => {};

export interface Control {
  readonly target: PgTarget;
  /** poolbench's own connection: bookkeeping, server queries and fault injection, never measured. */
  readonly client: pg.Client;
  readonly facts: ServerFacts;
  /** Stop ending the connection on Ctrl-C (call once the session is open, or has failed). */
  stopWatchingAbort(): void;
  /** Ends the connection and stops what we started (the embedded server). */
  close(): Promise<void>;
}

export async function openControl(
  pgUrl: string | undefined,
  runId: string,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Control> {
  const target = await resolveTarget(pgUrl, env, signal);
  const client = new pg.Client({
    ...target.config,
    application_name: `poolbench-${runId}-control`,
    connectionTimeoutMillis: CONTROL_CONNECT_TIMEOUT_MS,
  });
  client.on('error', ignore);
  // Ctrl-C during the set-up ends the connection, so whatever query is waiting fails at once.
  const stopOnAbort = () => void client.end().catch(ignore);
  signal.addEventListener('abort', stopOnAbort, { once: true });
  const close = async () => {
    await client.end().catch(ignore);
    await target.stop();
  };
  const stopWatchingAbort = () => signal.removeEventListener('abort', stopOnAbort);
  try {
    try {
      await client.connect();
    } catch (err) {
      throw signal.aborted ? new InterruptedError() : connectError(err, target);
    }
    try {
      const facts = await readServerFacts(client);
      if (signal.aborted) throw new InterruptedError();
      return { target, client, facts, stopWatchingAbort, close };
    } catch (err) {
      if (err instanceof InterruptedError) throw err;
      throw new TargetError(
        `cannot read the settings of PostgreSQL at ${target.displayUrl}: ${safeMessage(err, target)}`,
        { cause: err },
      );
    }
  } catch (err) {
    stopWatchingAbort();
    await close();
    throw err;
  }
}

/** The result's target block. */
export function targetInfo(control: Pick<Control, 'target' | 'facts'>): TargetInfo {
  return {
    description: describeTarget(control.target, control.facts.version),
    url: control.target.displayUrl,
    server: 'PostgreSQL',
    serverVersion: control.facts.version,
    embedded: control.target.kind === 'embedded',
  };
}

/** The server's facts every PostgreSQL result keeps. */
export function serverDetails(facts: ServerFacts): Record<string, string | number> {
  return {
    database: facts.database,
    user: facts.user,
    maxConnections: facts.maxConnections,
    superuserReservedConnections: facts.superuserReserved,
    ...(facts.reserved > 0 ? { reservedConnections: facts.reserved } : {}),
    connectionSlotsForThisRole: facts.usable,
  };
}

/** A warning when --pool-size cannot fit in what the server allows this role. */
export function poolSizeWarnings(poolSize: number | undefined, facts: ServerFacts): string[] {
  if (poolSize === undefined || poolSize + 1 <= facts.usable) return [];
  return [
    `--pool-size ${poolSize} (plus poolbench's control connection) exceeds the ${facts.usable} connections the server allows this role (max_connections ${facts.maxConnections}): expect "too many clients" errors`,
  ];
}
