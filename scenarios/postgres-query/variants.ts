// One variant set up for one concurrency and trial: the same statement over a different connector.

import type { VariantContext, VariantRun } from '../../src/scenario/index.js';
import { annotateError } from '../shared/postgres/server-limits.js';
import { connectVariant } from '../shared/postgres/variant-connector.js';
import type { options } from './options.js';
import { drawParams } from './params.js';
import type { QuerySession } from './session.js';
import { queryOf } from './statement.js';

type QueryContext = VariantContext<typeof options, QuerySession>;

export const unpooled = (ctx: QueryContext) => setupVariant('unpooled', ctx);
export const pooled = (ctx: QueryContext) => setupVariant('pooled', ctx);

async function setupVariant(variant: 'unpooled' | 'pooled', ctx: QueryContext): Promise<VariantRun> {
  const { options, session } = ctx;
  const { control, statement, params } = session;
  const { connector, warning } = await connectVariant(control, {
    variant,
    runId: session.runId,
    seq: session.nextSetup(),
    concurrency: ctx.concurrency,
    poolSize: options.poolSize,
    warm: true,
  });
  return {
    async op(info) {
      const query = queryOf(statement, drawParams(params, options.seed, info.iteration));
      try {
        await connector.use(info, (db) => info.time('query', () => db.query(query)).then(() => {}));
      } catch (err) {
        throw annotateError(err, control.facts);
      }
    },
    gauges: () => connector.gauges(),
    warnings: () => (warning ? [warning] : []),
    details: () => connector.details(),
    teardown: () => connector.close(),
  };
}
