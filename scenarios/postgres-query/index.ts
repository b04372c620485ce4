// postgres-query: the user's own statement (--sql or --sql-file, parameters drawn per op), a new
// connection per op vs pg.Pool, against a configured server or an embedded one. Read-only unless
// --allow-writes: the statement is checked in a read-only transaction before anything is measured.

import { defineScenario } from '../../src/scenario/index.js';
import { options, validate } from './options.js';
import { openQuery } from './session.js';
import { pooled, unpooled } from './variants.js';

export const postgresQuery = defineScenario({
  id: 'postgres-query',
  description:
    'Your own PostgreSQL statement (--sql, --param): a new connection per op (unpooled) vs pg.Pool (pooled)',
  options,
  validate,
  open: (o, { signal }) => openQuery(o, signal),
  variants: { unpooled, pooled },
  baseline: 'unpooled',
  defaultConcurrency: [10],
});
