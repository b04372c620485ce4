// Scenario worker-pool (issue 6): a pool of persistent worker processes (Python or Node, JSON lines
// over stdio) vs a process per task, and the seed's start-up experiment, sequential vs concurrent.

import { defineScenario } from '../../src/scenario/index.js';
import { options, validate } from './options.js';
import { openWorkerPool } from './session.js';
import { pooled, unpooled } from './variants.js';

export const workerPool = defineScenario({
  id: 'worker-pool',
  description:
    'Persistent worker processes (Python or Node, JSON over stdio) vs a process per task; pool start-up sequential vs concurrent',
  options,
  validate,
  open: (o, { signal }) => openWorkerPool(o, signal),
  variants: { unpooled, pooled },
  baseline: 'unpooled',
  // The seed's load: 1000 requests at 50 concurrent.
  defaultConcurrency: [50],
  defaultOps: 1000,
});
