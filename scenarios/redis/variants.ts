// The variants, as the table the driver dispatches: every one sends the same workload over the same kind
// of connection with the same fault injection; they differ only in how a connection reaches the op.

import type { RedisContext } from './context.js';
import { nodeRedisRun } from './node-redis.js';
import { pipelineRun, pooledRun } from './pooled.js';
import { sharedRun } from './shared.js';
import { unpooledRun } from './unpooled.js';

export const variants = {
  unpooled: (ctx) => unpooledRun(ctx, 'default'),
  'unpooled-lean': (ctx) => unpooledRun(ctx, 'lean'),
  shared: (ctx) => sharedRun(ctx, false),
  'shared-autopipeline': (ctx) => sharedRun(ctx, true),
  /** --health-check decides. */
  pooled: (ctx) => pooledRun(ctx, ctx.options.healthCheck),
  'pooled-hc-cached': (ctx) => pooledRun(ctx, 'cached'),
  'pooled-hc-always': (ctx) => pooledRun(ctx, 'always'),
  /** The redis package's own pool, beside ioredis over poolbench's. */
  'pooled-node-redis': (ctx) => nodeRedisRun(ctx),
  'pipeline-50': (ctx) => pipelineRun(ctx, 50),
  'pipeline-100': (ctx) => pipelineRun(ctx, 100),
} satisfies Record<string, (ctx: RedisContext) => unknown>;
