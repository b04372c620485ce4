// postgres-crud: the seed's CRUD benchmark (create, read, update, delete synthetic users; a fresh connection
// per op vs a pool), each phase measured on its own, against a configured server or an embedded one.

import type { Scenario } from '../../src/driver/scenario.js';
import { optionSpecs, validateOptions } from './options.js';
import { openSession } from './session.js';
import { VARIANTS } from './variants.js';

export const postgresCrud = {
  id: 'postgres-crud',
  description:
    'PostgreSQL CRUD over synthetic users: a new connection per op (unpooled) vs pg.Pool (pooled), per phase',
  variants: VARIANTS,
  baseline: 'unpooled',
  options: optionSpecs,
  // The seed's 50 worker threads.
  defaultConcurrency: [50],
  validate: validateOptions,
  open: (values, signal) => openSession(values, signal),
} satisfies Scenario;
