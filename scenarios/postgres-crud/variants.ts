// One variant set up for one concurrency and trial: the same CRUD ops over a different connector, to
// PostgreSQL directly or through PgBouncer. Each set-up writes its own rows (a username prefix with the run id and a set-up number) and removes
// whatever of them is left at teardown, e.g. rows whose delete failed under --chaos.

import type { VariantContext, VariantRun } from '../../src/scenario/index.js';
import { annotateError } from '../shared/postgres/server-limits.js';
import { type ClientKind, connectVariant } from '../shared/postgres/variant-connector.js';
import { killBackends } from './chaos.js';
import { phaseOf, runCrudOp, usernameOf } from './crud.js';
import type { options } from './options.js';
import { type CrudSession, rowPrefix } from './session.js';
import { deleteRows } from './table.js';

type CrudContext = VariantContext<typeof options, CrudSession>;

/** How a variant's ops reach the database: the client side, and the route (directly or via PgBouncer). */
interface Shape {
  client: ClientKind;
  route: 'direct' | 'pgbouncer';
}

const SHAPES = {
  unpooled: { client: 'per-op', route: 'direct' },
  pooled: { client: 'pg-pool', route: 'direct' },
  pgbouncer: { client: 'per-op', route: 'pgbouncer' },
  'pooled-pgbouncer': { client: 'pg-pool', route: 'pgbouncer' },
  'pooled-postgresjs': { client: 'postgresjs', route: 'direct' },
} as const satisfies Record<string, Shape>;

export const variants = Object.fromEntries(
  Object.entries(SHAPES).map(([name, shape]) => [name, (ctx: CrudContext) => setupVariant(shape, ctx)]),
) as Record<keyof typeof SHAPES, (ctx: CrudContext) => Promise<VariantRun>>;

async function setupVariant(shape: Shape, ctx: CrudContext): Promise<VariantRun> {
  const { options, session, variant } = ctx;
  const { run } = session;
  const seq = run.nextSetup();
  const prefix = `${rowPrefix(run.runId)}${seq}-`;
  const pgbouncer = run.pgbouncer;
  if (shape.route === 'pgbouncer' && !pgbouncer) {
    throw new Error(`${variant} needs PgBouncer, and this session has none (it should have been skipped)`);
  }
  const { connector, appName, warning } = await connectVariant(
    { target: run.target, client: run.control, facts: run.facts },
    {
      variant,
      client: shape.client,
      ...(shape.route === 'pgbouncer' && pgbouncer
        ? { via: { config: pgbouncer.config, description: pgbouncer.description } }
        : {}),
      runId: run.runId,
      seq,
      concurrency: ctx.concurrency,
      poolSize: options.poolSize,
      warm: !options.cold,
    },
  );

  // Backends terminated at the last midpoint; read (and reset) by details() after each phase.
  let terminated: number | undefined;
  const midpoint =
    options.chaos === 'kill-backends'
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
