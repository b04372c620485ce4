// The redis scenario: single commands over a connection per op, one shared connection (with and without
// auto-pipelining), a pool (warm or cold, with or without a health check) and pipelines of 50 and 100,
// against a spawned redis-server or any Redis, Valkey or Dragonfly by URL.

import type { Scenario } from '../../src/driver/scenario.js';
import { options, validate } from './options.js';
import { RedisSession } from './session.js';
import { VARIANT_NAMES } from './variants.js';

export const redis = {
  id: 'redis',
  description:
    'Redis GET/SET with ioredis: a connection per op vs one shared connection vs a pool, and pipelines of 50 and 100',
  variants: VARIANT_NAMES,
  baseline: 'unpooled',
  defaultConcurrency: [1, 10, 50, 100],
  options,
  validate,
  open: (values, signal) => RedisSession.open(values, signal),
} satisfies Scenario;
