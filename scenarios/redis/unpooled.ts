// unpooled / unpooled-lean: a new connection per op (connect, one command, QUIT), the way a script or a
// serverless function without a shared client talks to Redis. Each step is timed on its own, so the report
// shows the connect cost next to the command it pays for.

import type { VariantRun } from '../../src/scenario/index.js';
import { explainError, type Handshake, openConnection } from './connect.js';
import { chaosFor, connectionName, type RedisContext } from './context.js';

const HANDSHAKES: Record<Handshake, string> = {
  default: 'ioredis default: HELLO 3 + CLIENT SETINFO x2 in one round trip, then INFO (ready check)',
  'no-ready-check': 'ioredis default without the INFO ready check',
  lean: 'lean: RESP2 (no HELLO), no CLIENT SETINFO, no INFO ready check',
};

export function unpooledRun(ctx: RedisContext, handshake: Handshake): VariantRun {
  const { endpoint, workload } = ctx.session;
  const chaos = chaosFor(ctx);
  // Unnamed unless chaos needs the name: CLIENT SETNAME is one more handshake command per connect.
  const name = chaos.midpoint ? connectionName(ctx) : undefined;
  let created = 0;
  return {
    async op(info) {
      const client = await info.time('connect', () => openConnection(endpoint, { handshake, name }));
      created++;
      try {
        await info.time('command', () => workload.run(client, info.iteration));
        await info.time('quit', () => client.quit());
      } catch (err) {
        client.disconnect();
        throw explainError(err);
      }
    },
    gauges: () => ({ created }),
    ...(chaos.midpoint ? { midpoint: chaos.midpoint } : {}),
    details: () => ({ handshake: HANDSHAKES[handshake], ...chaos.details() }),
  };
}
