// shared / shared-autopipeline: every worker's commands go over one connection.

import type { VariantRun } from '../../src/scenario/index.js';
import { explainError, openConnection } from './connect.js';
import { chaosFor, connectionName, type RedisContext } from './context.js';
import { SharedConnection } from './shared-connection.js';

export async function sharedRun(ctx: RedisContext, autoPipelining: boolean): Promise<VariantRun> {
  const { endpoint, workload } = ctx.session;
  const chaos = chaosFor(ctx);
  const name = connectionName(ctx);
  const shared = new SharedConnection(() => openConnection(endpoint, { name, autoPipelining }));
  // Connected before the window, as an application's client would be.
  await shared.get();
  return {
    async op(info) {
      const client = await shared.get();
      try {
        await workload.run(client, info.iteration);
      } catch (err) {
        throw explainError(err);
      }
    },
    gauges: () => ({ created: shared.created(), total: 1 }),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ autoPipelining, ...chaos.details() }),
    teardown: () => shared.close(),
  };
}
