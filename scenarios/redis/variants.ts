// The variants, as data: what each one is, and the one place that turns a name into a running variant.
// Every variant shares the same workload, connection factory and fault injection; they differ only in how
// a connection reaches the op.

import type { Redis } from 'ioredis';
import type { SetupContext, VariantRun } from '../../src/driver/scenario.js';
import { killClientsNamed } from './chaos.js';
import type { Handshake } from './connect.js';
import type { Endpoint } from './endpoint.js';
import type { RedisSettings } from './options.js';
import type { HealthCheck } from './pool.js';
import { pipelineRun, pooledRun } from './pooled.js';
import { sharedRun } from './shared.js';
import { unpooledRun } from './unpooled.js';
import type { Workload } from './workload.js';

export type VariantSpec =
  | { kind: 'unpooled'; handshake: Handshake }
  | { kind: 'shared'; autoPipelining: boolean }
  /** healthCheck undefined = --health-check decides. */
  | { kind: 'pooled'; healthCheck?: HealthCheck }
  | { kind: 'pipeline'; batch: number };

export const VARIANTS = {
  unpooled: { kind: 'unpooled', handshake: 'default' },
  'unpooled-lean': { kind: 'unpooled', handshake: 'lean' },
  shared: { kind: 'shared', autoPipelining: false },
  'shared-autopipeline': { kind: 'shared', autoPipelining: true },
  pooled: { kind: 'pooled' },
  'pooled-hc-cached': { kind: 'pooled', healthCheck: 'cached' },
  'pooled-hc-always': { kind: 'pooled', healthCheck: 'always' },
  'pipeline-50': { kind: 'pipeline', batch: 50 },
  'pipeline-100': { kind: 'pipeline', batch: 100 },
} as const satisfies Record<string, VariantSpec>;

export const VARIANT_NAMES = Object.keys(VARIANTS);

/** What every variant builds on, made once per session. */
export interface VariantDeps {
  endpoint: Endpoint;
  settings: RedisSettings;
  workload: Workload;
  /** The session's own connection: used for CLIENT KILL, never measured, never killed. */
  admin: Redis;
  runId: string;
}

/** Fault injection, shared by every variant: the midpoint hook and what it did. */
export interface Chaos {
  midpoint?: () => Promise<void>;
  details(): Record<string, number>;
}

function chaosFor(deps: VariantDeps, connectionName: string): Chaos {
  if (deps.settings.chaos !== 'kill-clients') return { details: () => ({}) };
  let killed = 0;
  return {
    midpoint: async () => {
      killed += await killClientsNamed(deps.admin, connectionName);
    },
    details: () => ({ clientsKilled: killed }),
  };
}

export async function setupVariant(
  deps: VariantDeps,
  variant: string,
  ctx: SetupContext,
): Promise<VariantRun> {
  const spec: VariantSpec | undefined = (VARIANTS as Record<string, VariantSpec>)[variant];
  if (!spec) throw new Error(`unknown variant '${variant}' (redis has ${VARIANT_NAMES.join(', ')})`);
  // Named so CLIENT LIST shows whose they are and chaos kills only these.
  const name = `poolbench:${deps.runId}:${variant}`;
  const chaos = chaosFor(deps, name);
  const poolSize = deps.settings.poolSize ?? Math.min(ctx.concurrency, 10);
  switch (spec.kind) {
    case 'unpooled':
      // Unnamed unless chaos needs the name: CLIENT SETNAME is one more handshake command per connect.
      return unpooledRun(deps, spec.handshake, chaos.midpoint ? name : undefined, chaos);
    case 'shared':
      return sharedRun(deps, name, spec.autoPipelining, chaos);
    case 'pooled':
      return pooledRun(deps, name, poolSize, spec.healthCheck ?? deps.settings.healthCheck, chaos);
    case 'pipeline':
      return pipelineRun(deps, name, poolSize, spec.batch, chaos);
  }
}
