// redis under `poolbench calibrate`, GETs only: a shared connection, a pool, a connection per op and
// pipelines of 50, each as poolbench's variant, a bare ioredis loop and redis-benchmark on the same server.
// The loop and the tool read one key of their own, written at open and removed at close.

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type {
  CalibrationWorkload,
  HandClient,
  NativeTool,
  ScenarioCalibration,
} from '../../src/calibrate/spec.js';
import { closeConnection, openConnection } from './connect.js';
import { type Endpoint, parseEndpoint } from './endpoint.js';

const CONCURRENCY = 10;
const PIPELINE = 50;
const PAYLOAD = 'v'.repeat(32);

/** redis-benchmark takes a request count: the hand loop's rate times the duration. */
function redisBenchmark(endpoint: Endpoint, key: string, extra: string[]): NativeTool {
  return {
    tool: 'redis-benchmark',
    debianPackage: 'redis-tools',
    command: ({ concurrency, durationS, expectedPerSecond }) => ({
      args: [
        '-h',
        endpoint.host,
        '-p',
        String(endpoint.port),
        ...(endpoint.db ? ['--dbnum', String(endpoint.db)] : []),
        ...(endpoint.username ? ['--user', endpoint.username] : []),
        ...(endpoint.password ? ['-a', endpoint.password, '--no-auth-warning'] : []),
        '-c',
        String(concurrency),
        '-n',
        String(Math.max(1000, Math.round(expectedPerSecond * durationS))),
        ...extra,
        '--csv',
        'GET',
        key,
      ],
      parse: (out) => {
        const row = out.split('\n').find((l) => l.startsWith('"GET'));
        const rps = row?.split('","')[1];
        return rps === undefined ? undefined : Number(rps);
      },
    }),
  };
}

async function connections(endpoint: Endpoint, n: number): Promise<Redis[]> {
  const clients: Redis[] = [];
  try {
    for (let i = 0; i < n; i++) clients.push(await openConnection(endpoint));
  } catch (err) {
    for (const c of clients) c.disconnect();
    throw err;
  }
  return clients;
}

async function closeAll(clients: readonly Redis[]): Promise<void> {
  await Promise.all(clients.map(closeConnection));
}

function checked(value: string | null): void {
  if (value !== PAYLOAD) throw new Error(`GET returned ${value === null ? 'nil' : 'another value'}`);
}

export const redisCalibration: ScenarioCalibration = {
  scenario: 'redis',
  options: { command: 'get' },
  async open(target) {
    if (typeof target.redisUrl !== 'string') throw new Error('redis calibration: no server URL');
    const endpoint = parseEndpoint(target.redisUrl, target.insecure === true);
    const key = `poolbench:calibration-${randomBytes(4).toString('hex')}:k`;
    const admin = await openConnection(endpoint);
    await admin.set(key, PAYLOAD);
    // redis-benchmark speaks no TLS in Debian's build: rediss:// targets get the two Node sides only.
    const native = (extra: string[]) =>
      endpoint.tls ? {} : { native: redisBenchmark(endpoint, key, extra) };

    const shared: CalibrationWorkload = {
      work: 'GET, one shared connection',
      concurrency: CONCURRENCY,
      unit: 'commands',
      variant: 'shared',
      hand: {
        library: 'ioredis, one connection',
        async open(): Promise<HandClient> {
          const [client] = await connections(endpoint, 1);
          return { op: async () => checked(await client!.get(key)), close: () => closeConnection(client!) };
        },
      },
      ...native(['-k', '1']),
    };
    const pooled: CalibrationWorkload = {
      work: 'GET, pool (a connection per worker)',
      concurrency: CONCURRENCY,
      unit: 'commands',
      variant: 'pooled',
      hand: {
        library: 'ioredis, a connection per loop',
        async open(concurrency): Promise<HandClient> {
          const clients = await connections(endpoint, concurrency);
          return {
            op: async (worker) => checked(await clients[worker]!.get(key)),
            close: () => closeAll(clients),
          };
        },
      },
      ...native(['-k', '1']),
    };
    const perOp: CalibrationWorkload = {
      work: 'GET, new connection per op',
      concurrency: CONCURRENCY,
      unit: 'commands',
      variant: 'unpooled',
      hand: {
        library: 'ioredis, connect + GET + QUIT',
        async open(): Promise<HandClient> {
          return {
            async op() {
              const client = await openConnection(endpoint);
              try {
                checked(await client.get(key));
              } finally {
                await closeConnection(client);
              }
            },
            close: () => {},
          };
        },
      },
      ...native(['-k', '0']),
    };
    const pipelined: CalibrationWorkload = {
      work: `GET, pipelines of ${PIPELINE}`,
      concurrency: CONCURRENCY,
      unit: 'commands',
      variant: `pipeline-${PIPELINE}`,
      hand: {
        library: `ioredis pipeline of ${PIPELINE}, a connection per loop`,
        perOp: PIPELINE,
        async open(concurrency): Promise<HandClient> {
          const clients = await connections(endpoint, concurrency);
          return {
            async op(worker) {
              const pipeline = clients[worker]!.pipeline();
              for (let i = 0; i < PIPELINE; i++) pipeline.get(key);
              const replies = await pipeline.exec();
              for (const [err, value] of replies ?? []) {
                if (err) throw err;
                checked(value as string | null);
              }
            },
            close: () => closeAll(clients),
          };
        },
      },
      ...native(['-k', '1', '-P', String(PIPELINE)]),
    };
    return {
      workloads: [shared, pooled, perOp, pipelined],
      async close() {
        try {
          await admin.unlink(key);
        } finally {
          await closeConnection(admin);
        }
      },
    };
  },
};
