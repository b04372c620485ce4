// postgres-crud: the seed's CRUD benchmark (create, read, update, delete synthetic users; a fresh connection
// per op vs a pool), each phase measured on its own, against a configured server or an embedded one.

import { defineScenario } from '../../src/scenario/index.js';
import { options, validate } from './options.js';
import { openSession } from './session.js';
import { variants } from './variants.js';

export const postgresCrud = defineScenario({
  id: 'postgres-crud',
  description:
    'PostgreSQL CRUD over synthetic users: a new connection per op (unpooled) vs pg.Pool (pooled), through PgBouncer, and postgres.js, per phase',
  options,
  validate,
  open: (o, { signal, variants }) => openSession(o, signal, process.env, variants),
  variants,
  baseline: 'unpooled',
  // The seed's 50 worker threads.
  defaultConcurrency: [50],
});
