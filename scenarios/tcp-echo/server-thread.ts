// The in-process echo server's own thread: its listeners run on their own event loop (and core), as a
// separate server process would, so the client's loop measures the client, and a request really waits for
// another thread to answer. Started and driven by EmbeddedServers (embedded-servers.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../src/errors.js';
import { COUNTER_SLOTS, EchoServer } from './echo-server.js';
import type { FromServer, ServerThreadData, ToServer } from './embedded-servers.js';

const port = parentPort!;
const data = workerData as ServerThreadData;
const send = (msg: FromServer) => port.postMessage(msg);
const slots = (i: number) => new Int32Array(data.counters, i * COUNTER_SLOTS * 4, COUNTER_SLOTS);
const persistent = new EchoServer({ counters: slots(0) });
const closing = new EchoServer({ closeAfterBytes: data.payload, counters: slots(1) });

port.on('message', async (msg: ToServer) => {
  if (msg.type === 'reset') {
    send({ type: 'reset', count: persistent.resetAll() + closing.resetAll() });
  } else if (msg.type === 'restart') {
    try {
      const counts = await Promise.all([persistent.restart(msg.downMs), closing.restart(msg.downMs)]);
      send({ type: 'reset', count: counts[0] + counts[1] });
    } catch (err) {
      send({ type: 'failed', error: `the echo server did not come back on its port: ${errorMessage(err)}` });
    }
  } else {
    await Promise.all([persistent.close(), closing.close()]);
    port.close(); // nothing left to keep this thread alive: it exits
  }
});

try {
  send({ type: 'ready', persistent: await persistent.listen(), closing: await closing.listen() });
} catch (err) {
  send({ type: 'failed', error: errorMessage(err) });
  await Promise.all([persistent.close(), closing.close()]);
  port.close();
}
