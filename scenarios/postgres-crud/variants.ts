// One variant set up for one concurrency and trial: the same CRUD ops over a different connector.
// Each set-up writes its own rows (a username prefix with the run id and a set-up number) and removes
// whatever of them is left at teardown, e.g. rows whose delete failed under --chaos.

import type pg from 'pg';
import type { SetupContext, VariantRun } from '../../src/driver/scenario.js';
import { killBackends } from './chaos.js';
import { type Connector, pooled, unpooled } from './connectors.js';
import { type CrudStatements, phaseOf, runCrudOp, usernameOf } from './crud.js';
import type { CrudOptions } from './options.js';
import {
  annotateError,
  CONNECT_TIMEOUT_MS,
  connectedClients,
  connectionLimitWarning,
  type ServerFacts,
} from './server-limits.js';
import { deleteRows, type TableClaim } from './table.js';
import type { PgTarget } from './target.js';

export const VARIANTS = ['unpooled', 'pooled'] as const;

/** What every set-up of the run shares. */
export interface RunContext {
  readonly runId: string;
  readonly target: PgTarget;
  readonly facts: ServerFacts;
  /** poolbench's own connection: table bookkeeping, server queries and fault injection, never measured. */
  readonly control: pg.Client;
  readonly claim: TableClaim;
  readonly sql: CrudStatements;
  readonly options: CrudOptions;
  nextSetup(): number;
}

/** Every username of the run starts with this. */
export const rowPrefix = (runId: string) => `pb-${runId}-`;

export async function setupVariant(variant: string, ctx: SetupContext, run: RunContext): Promise<VariantRun> {
  if (!(VARIANTS as readonly string[]).includes(variant)) {
    throw new Error(`postgres-crud has no variant '${variant}' (it has ${VARIANTS.join(', ')})`);
  }
  const seq = run.nextSetup();
  const prefix = `${rowPrefix(run.runId)}${seq}-`;
  const appName = `poolbench-${run.runId}-${variant}-${seq}`;
  const config: pg.ClientConfig = {
    ...run.target.config,
    application_name: appName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  const poolSize = run.options.poolSize ?? ctx.concurrency;
  const wanted = variant === 'pooled' ? poolSize : ctx.concurrency;
  const what =
    variant === 'pooled'
      ? `pooled (pool size ${poolSize}) at c=${ctx.concurrency}`
      : `unpooled at c=${ctx.concurrency}`;
  const warning = connectionLimitWarning(run.facts, what, wanted, await connectedClients(run.control));
  const connector: Connector =
    variant === 'pooled'
      ? await pooled(config, { size: poolSize, warm: !run.options.cold })
      : unpooled(config);

  // Backends terminated at the last midpoint; read (and reset) by details() after each phase.
  let terminated: number | undefined;
  const midpoint =
    run.options.chaos === 'kill-backends'
      ? async () => {
          terminated = await killBackends(run.control, appName);
        }
      : undefined;

  return {
    async op(info) {
      const phase = phaseOf(info.phase);
      const username = usernameOf(prefix, info.iteration);
      try {
        await connector.use(info, (db) => info.time('query', () => runCrudOp(db, run.sql, phase, username)));
      } catch (err) {
        throw annotateError(err, run.facts);
      }
    },
    gauges: () => connector.gauges(),
    midpoint,
    warnings: () => (warning ? [warning] : []),
    details() {
      const facts: Record<string, string | number | boolean> = { ...connector.details() };
      if (midpoint) {
        facts.chaos =
          terminated === undefined
            ? 'kill-backends: no midpoint in this window'
            : `kill-backends: ${terminated} backends terminated halfway through`;
        terminated = undefined;
      }
      return facts;
    },
    async teardown() {
      try {
        await connector.close();
      } finally {
        await deleteRows(run.control, run.claim, prefix);
      }
    },
  };
}
