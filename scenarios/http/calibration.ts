// http1 under `poolbench calibrate`: keep-alive and a connection per request, each as poolbench's variant,
// a bare undici loop, and wrk with one thread on the same server.

import { Client, Pool } from 'undici';
import type { CalibrationWorkload, NativeTool, ScenarioCalibration } from '../../src/calibrate/spec.js';
import { endpointOf } from './target.js';

const CONCURRENCY = 50;

/** wrk, one thread (the same one core a Node process generates on); `close` adds `Connection: close`. */
function wrk(url: string, close: boolean): NativeTool {
  return {
    tool: 'wrk',
    debianPackage: 'wrk',
    command: ({ concurrency, durationS }) => ({
      args: [
        '-t1',
        `-c${concurrency}`,
        `-d${durationS}s`,
        ...(close ? ['-H', 'Connection: close'] : []),
        url,
      ],
      parse: (out) => {
        const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
        return m ? Number(m[1]) : undefined;
      },
    }),
  };
}

/** Reads every body byte, as poolbench's exchange does, and fails on an error status. */
async function get(dispatcher: Pool | Client, path: string): Promise<void> {
  const { statusCode, body } = await dispatcher.request({ path, method: 'GET' });
  for await (const _ of body) {
    // drain
  }
  if (statusCode >= 400) throw new Error(`the server answered ${statusCode}`);
}

export const http1Calibration: ScenarioCalibration = {
  scenario: 'http1',
  async open(target) {
    if (typeof target.target !== 'string') throw new Error('http1 calibration: no target URL');
    const endpoint = endpointOf(new URL(target.target));
    const keepAlive: CalibrationWorkload = {
      work: 'GET, keep-alive',
      concurrency: CONCURRENCY,
      unit: 'requests',
      variant: 'pooled',
      hand: {
        library: 'undici Pool',
        async open(concurrency) {
          const pool = new Pool(endpoint.origin, { connections: concurrency });
          return { op: () => get(pool, endpoint.path), close: () => pool.close() };
        },
      },
      native: wrk(endpoint.url.href, false),
    };
    const perRequest: CalibrationWorkload = {
      work: 'GET, connection per request',
      concurrency: CONCURRENCY,
      unit: 'requests',
      variant: 'unpooled',
      hand: {
        library: 'undici Client per request',
        async open() {
          const closing = new Set<Promise<void>>();
          return {
            async op() {
              const client = new Client(endpoint.origin);
              try {
                await get(client, endpoint.path);
              } finally {
                // As poolbench's variant: nothing waits for the FIN, the close still costs this process.
                const closed = client.close().catch(() => {});
                closing.add(closed);
                void closed.then(() => closing.delete(closed));
              }
            },
            close: async () => {
              await Promise.all(closing);
            },
          };
        },
      },
      native: wrk(endpoint.url.href, true),
    };
    return { workloads: [keepAlive, perRequest], close: async () => {} };
  },
};
