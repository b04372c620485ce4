// What every redis variant builds on: the typed options, the open session, its connections' name and the
// fault injection they share. A module of its own, so the variants and their table both import it, and
// not each other.

import type { VariantContext } from '../../src/scenario/index.js';
import { killClientsNamed } from './chaos.js';
import type { options } from './options.js';
import type { RedisSession } from './session.js';

export type RedisContext = VariantContext<typeof options, RedisSession>;

/** Named so CLIENT LIST shows whose they are and chaos kills only these. */
export const connectionName = ({ session, variant }: RedisContext) => `poolbench:${session.runId}:${variant}`;

/** --pool-size, else the seed's min(concurrency, 10). */
export const poolSizeOf = ({ options, concurrency }: RedisContext) =>
  options.poolSize ?? Math.min(concurrency, 10);

/** Fault injection, shared by every variant: the midpoint hook and what it did. */
export interface Chaos {
  midpoint?: () => Promise<void>;
  details(): Record<string, number>;
}

/** How long --chaos restart-server keeps the server away: long enough that connects are refused. */
export const SERVER_DOWN_MS = 200;

export function chaosFor(ctx: RedisContext): Chaos {
  if (ctx.options.chaos === 'restart-server') {
    let restarts = 0;
    return {
      midpoint: async () => {
        await ctx.session.restartServer(SERVER_DOWN_MS);
        restarts++;
      },
      details: () => ({ serverRestarts: restarts, serverDownMs: SERVER_DOWN_MS }),
    };
  }
  if (ctx.options.chaos !== 'kill-clients') return { details: () => ({}) };
  const name = connectionName(ctx);
  let killed = 0;
  return {
    midpoint: async () => {
      killed += await killClientsNamed(ctx.session.admin, name);
    },
    details: () => ({ clientsKilled: killed }),
  };
}
