// Where a connect-per-op client spends its time, one step at a time (the driver times these with
// tinybench): a full connect+GET+QUIT with ioredis's default handshake, without its INFO ready check,
// with the lean handshake, and with a bare socket speaking RESP by hand (no client library at all); and,
// for scale, one PING and one INFO on an open connection (the ready check's own cost).

import { connect as netConnect } from 'node:net';
import type { Redis } from 'ioredis';
import type { MicroTask } from '../../src/scenario/index.js';
import { type ConnectOptions, closeConnection, openConnection } from './connect.js';
import type { Endpoint } from './endpoint.js';

function connectGetQuit(endpoint: Endpoint, key: string, opts: ConnectOptions) {
  return async () => {
    const client = await openConnection(endpoint, opts);
    await client.get(key);
    await client.quit();
  };
}

/** RESP by hand: one socket, [AUTH,] GET of a missing key ($-1), then QUIT and wait for the server's close. */
function rawConnectGetQuit(endpoint: Endpoint, key: string): () => Promise<void> {
  const auth = endpoint.password
    ? respCommand(
        endpoint.username ? ['AUTH', endpoint.username, endpoint.password] : ['AUTH', endpoint.password],
      )
    : '';
  const replies = endpoint.password ? 2 : 1;
  const get = respCommand(['GET', key]);
  return () =>
    new Promise<void>((resolve, reject) => {
      const socket = netConnect(endpoint.port, endpoint.host);
      socket.setNoDelay(true);
      let seen = 0;
      socket.once('error', reject);
      socket.once('connect', () => socket.write(auth + get));
      socket.on('data', (data) => {
        if (seen >= replies) return;
        // Replies here are one line each (+OK, $-1): count line ends.
        seen += data.toString().split('\r\n').length - 1;
        if (seen >= replies) socket.write(respCommand(['QUIT']));
      });
      socket.once('close', () => resolve());
    });
}

function respCommand(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export function connectMicrobenchmarks(endpoint: Endpoint, keyPrefix: string): MicroTask[] {
  const missing = `${keyPrefix}missing`;
  let open: Redis | undefined;
  const onOpen = {
    beforeAll: async () => {
      open = await openConnection(endpoint);
    },
    afterAll: async () => {
      if (open) await closeConnection(open);
      open = undefined;
    },
  };
  const tasks: MicroTask[] = [
    { name: 'connect+GET+QUIT, ioredis default handshake', fn: connectGetQuit(endpoint, missing, {}) },
    {
      name: 'connect+GET+QUIT, ioredis without INFO ready check',
      fn: connectGetQuit(endpoint, missing, { handshake: 'no-ready-check' }),
    },
    {
      name: 'connect+GET+QUIT, ioredis lean handshake',
      fn: connectGetQuit(endpoint, missing, { handshake: 'lean' }),
    },
  ];
  if (!endpoint.tls) {
    tasks.push({
      name: 'connect+GET+QUIT, bare socket (RESP by hand)',
      fn: rawConnectGetQuit(endpoint, missing),
    });
  }
  tasks.push(
    { name: 'PING on an open connection', fn: async () => void (await open?.ping()), ...onOpen },
    {
      name: 'INFO on an open connection (the ready check)',
      fn: async () => void (await open?.info()),
      ...onOpen,
    },
  );
  return tasks;
}
