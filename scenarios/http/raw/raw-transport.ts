// The raw client's two shapes, like the undici ones in variants.ts: a pool of connections, each carrying one
// worker's requests (or a pipeline's), and a connection per request that the client closes after the answer.
// The request is serialised once, at set-up; an op writes those bytes and waits for its parsed response.

import type { OpInfo, PoolGauges } from '../../../src/scenario/index.js';
import type { Dialer } from '../dial.js';
import { type ExchangeCounts, HttpStatusError } from '../exchange.js';
import type { Endpoint } from '../target.js';
import { RawConnection } from './raw-connection.js';

export interface RawTransport {
  send(time: OpInfo['time'], worker: number): Promise<unknown>;
  gauges(): Omit<PoolGauges, 'created'>;
  facts: Record<string, string | number | boolean>;
  close(): Promise<void>;
}

export function serialiseRequest(endpoint: Endpoint): Buffer {
  const hostHeader = endpoint.url.host;
  const headers = Object.entries(endpoint.headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.from(
    `GET ${endpoint.path} HTTP/1.1\r\nhost: ${hostHeader}\r\n${headers.join('')}\r\n`,
    'latin1',
  );
}

const CLIENT = 'raw (node:net / node:tls, requests serialised once, minimal parser)';

function checkStatus(status: number): void {
  if (status >= 400) throw new HttpStatusError(status);
}

export function rawPerRequest(endpoint: Endpoint, dialer: Dialer, counts: ExchangeCounts): RawTransport {
  const request = serialiseRequest(endpoint);
  return {
    async send(time) {
      const connection = new RawConnection(await dialer.dial(time));
      counts.requests++;
      try {
        const response = await connection.request(request);
        counts.bodyBytes += response.bodyBytes;
        checkStatus(response.status);
      } finally {
        // Nothing waits for the FIN, as in the undici variant; its cost still lands in this process.
        connection.close();
      }
    },
    gauges: () => ({ total: dialer.open }),
    facts: { client: CLIENT, connections: 'one per request' },
    close: async () => {},
  };
}

export function rawPool(
  endpoint: Endpoint,
  dialer: Dialer,
  counts: ExchangeCounts,
  connections: number,
  inFlight: number,
): RawTransport {
  const request = serialiseRequest(endpoint);
  const live: (RawConnection | undefined)[] = Array.from({ length: connections });
  const dialing: (Promise<RawConnection> | undefined)[] = Array.from({ length: connections });
  // Each worker sticks to one connection: at most `inFlight` workers share one, so none ever queues
  // (with a --pool-size below that, the workers sharing a connection pipeline on it).
  const connectionOf = (worker: number) => Math.floor(worker / inFlight) % connections;
  const reconnect = (i: number): Promise<RawConnection> => {
    let pending = dialing[i];
    if (!pending) {
      pending = dialer.dial().then(
        (socket) => {
          dialing[i] = undefined;
          live[i] = new RawConnection(socket);
          return live[i];
        },
        (err: unknown) => {
          dialing[i] = undefined;
          throw err;
        },
      );
      dialing[i] = pending;
    }
    return pending;
  };
  return {
    async send(_time, worker) {
      const i = connectionOf(worker);
      const current = live[i];
      const connection = current && !current.closed ? current : await reconnect(i);
      counts.requests++;
      const response = await connection.request(request);
      counts.bodyBytes += response.bodyBytes;
      checkStatus(response.status);
    },
    gauges: () => ({ total: dialer.open }),
    facts: {
      client: CLIENT,
      connections,
      inFlightPerConnection: `${inFlight} ${inFlight > 1 ? 'pipelined requests' : 'request'}`,
    },
    async close() {
      await Promise.allSettled(dialing);
      for (const connection of live) connection?.close();
    },
  };
}
