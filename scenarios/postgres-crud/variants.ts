// One variant set up for one concurrency and trial: the same CRUD ops over a different connector.
// Each set-up writes its own rows (a username prefix with the run id and a set-up number) and removes
// whatever of them is left at teardown, e.g. rows whose delete failed under --chaos.

import type { VariantContext, VariantRun } from '../../src/scenario/index.js';
import { annotateError } from '../shared/postgres/server-limits.js';
import { connectVariant } from '../shared/postgres/variant-connector.js';
import { killBackends } from './chaos.js';
import { phaseOf, runCrudOp, usernameOf } from './crud.js';
import type { options } from './options.js';
import { type CrudSession, rowPrefix } from './session.js';
import { deleteRows } from './table.js';

type CrudContext = VariantContext<typeof options, CrudSession>;

export const unpooled = (ctx: CrudContext) => setupVariant('unpooled', ctx);
export const pooled = (ctx: CrudContext) => setupVariant('pooled', ctx);

async function setupVariant(variant: 'unpooled' | 'pooled', ctx: CrudContext): Promise<VariantRun> {
  const { options, session } = ctx;
  const { run } = session;
  const seq = run.nextSetup();
  const prefix = `${rowPrefix(run.runId)}${seq}-`;
  const { connector, appName, warning } = await connectVariant(
    { target: run.target, client: run.control, facts: run.facts },
    {
      variant,
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
