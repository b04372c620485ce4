// An HTTP API as a client calls it: POST /orders with a bearer token and a JSON body. Unpooled opens a
// connection per request (an undici Client, closed after the reply); pooled keeps connections alive in an
// undici Pool. Without --target it starts its own small API server on a loopback port.
//
//   npx poolbench run examples/http-api.scenario.ts -c 10 -d 2s
//   npx poolbench run examples/http-api.scenario.ts --target http://127.0.0.1:8080 --token "$API_TOKEN"

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineScenario, option, TargetError } from 'poolbench';
import { Client, Pool } from 'undici';

const body = JSON.stringify({ customer: 42, items: [{ sku: 'A-1', quantity: 2 }] });

export default defineScenario({
  id: 'http-api',
  description:
    'POST /orders with a bearer token and a JSON body: a connection per request vs a keep-alive pool',
  options: {
    target: option.url({
      flag: '--target <url>',
      env: 'API_URL',
      description: 'the API (default: its own server)',
    }),
    token: option.string({
      flag: '--token <token>',
      env: 'API_TOKEN',
      default: 'example-token',
      secret: true,
      description: 'bearer token',
    }),
    poolSize: option.int({
      flag: '--pool-size <n>',
      default: 10,
      usedBy: ['pooled'],
      description: 'connections in the pool',
    }),
  },
  open: async (options) => {
    const server = options.target ? undefined : await startApi(options.token);
    const url = options.target ?? `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    return {
      url,
      target: {
        description: server ? 'in-process example API' : 'the API at --target',
        url,
        embedded: Boolean(server),
      },
      // worker threads send to this same server
      remoteOptions: () => ({ target: url }),
      close: () => new Promise<void>((done) => (server ? server.close(() => done()) : done())),
    };
  },
  variants: {
    unpooled: ({ session, options }) => ({
      op: async () => {
        const client = new Client(session.url);
        try {
          await post(client, options.token);
        } finally {
          await client.close();
        }
      },
    }),
    pooled: ({ session, options }) => {
      const pool = new Pool(session.url, { connections: options.poolSize });
      return { op: () => post(pool, options.token), teardown: () => pool.close() };
    },
  },
});

async function post(dispatcher: Client | Pool, token: string): Promise<void> {
  const reply = await dispatcher.request({
    method: 'POST',
    path: '/orders',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await reply.body.text();
  if (reply.statusCode !== 201) {
    throw Object.assign(new Error(`status ${reply.statusCode}: ${text.slice(0, 80)}`), {
      code: `HTTP_${reply.statusCode}`,
    });
  }
}

/** A tiny orders API: checks the token, parses the JSON, answers 201 with an id. */
function startApi(token: string): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end('unauthorized');
      try {
        const order = JSON.parse(data) as { items?: unknown[] };
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: ++next, items: order.items?.length ?? 0 }));
      } catch {
        res.writeHead(400).end('bad json');
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new TargetError(`example API: ${err.message}`)));
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
