// The seed's headline pair (94 µs to dial vs 251 ns to reuse), as tinybench tasks the driver reports in
// ns/op: opening a connection until it is ready, against borrowing and returning a warm one.

import type { MicroTask } from '../../src/scenario/index.js';
import type { Address } from './address.js';
import { connectEcho } from './echo-connection.js';
import { createEchoPool, type EchoPool } from './echo-pool.js';

export function echoMicrobenchmarks(address: Address): MicroTask[] {
  let warm: EchoPool | undefined;
  return [
    {
      name: 'net.connect to ready',
      // Closed with a reset: thousands of connects per second must not leave TIME_WAIT sockets (holding
      // ports) behind for the runs that follow; the FIN exchange is not what this task measures.
      fn: async () => {
        const conn = await connectEcho(address);
        conn.socket.resetAndDestroy();
      },
    },
    {
      name: 'pool acquire+release (warm socket)',
      // tinybench calls beforeAll/afterAll around its warm-up and again around the measured run.
      beforeAll: async () => {
        warm = createEchoPool({ address, max: 1, idleTimeoutMs: 0, overflow: 'wait' });
        await warm.pool.warm(1);
      },
      fn: async () => {
        const entry = await warm!.pool.acquire();
        warm!.pool.release(entry);
      },
      afterAll: async () => {
        await warm?.pool.close();
        warm = undefined;
      },
    },
  ];
}
