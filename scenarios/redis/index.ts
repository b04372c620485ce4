// The redis scenario: single commands over a connection per op, one shared connection (with and without
// auto-pipelining), a pool (warm or cold, with or without a health check) and pipelines of 50 and 100,
// against a spawned redis-server or any Redis, Valkey or Dragonfly by URL.

import { defineScenario } from '../../src/scenario/index.js';
import { options, validate } from './options.js';
import { RedisSession } from './session.js';
import { variants } from './variants.js';

export const redis = defineScenario({
  id: 'redis',
  description:
    'Redis GET/SET with ioredis: a connection per op vs one shared connection vs a pool, and pipelines of 50 and 100; node-redis with its own pool',
  options,
  validate,
  open: (o, { signal }) => RedisSession.open(o, signal),
  variants,
  baseline: 'unpooled',
  defaultConcurrency: [1, 10, 50, 100],
});
