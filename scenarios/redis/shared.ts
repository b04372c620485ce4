// shared / shared-autopipeline: every worker's commands go over one connection.

import type { VariantRun } from '../../src/driver/scenario.js';
import { explainError, openConnection } from './connect.js';
import { SharedConnection } from './shared-connection.js';
import type { Chaos, VariantDeps } from './variants.js';

export async function sharedRun(
  deps: VariantDeps,
  name: string,
  autoPipelining: boolean,
  chaos: Chaos,
): Promise<VariantRun> {
  const shared = new SharedConnection(() => openConnection(deps.endpoint, { name, autoPipelining }));
  // Connected before the window, as an application's client would be.
  await shared.get();
  return {
    async op(info) {
      const client = await shared.get();
      try {
        await deps.workload.run(client, info.iteration);
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
