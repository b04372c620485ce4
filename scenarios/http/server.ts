// Starts the in-process server on 127.0.0.1, port 0, in a worker thread (see server-thread.ts for why), and
// reads its counters. Terminating the thread closes every socket it holds; worker threads die with the process.

import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../src/util/worker-entry.js';
import { COUNTER_INDEX, newCounterBuffer, readCounters, type ServerCounts } from './server-counters.js';
import type { ServerKind, ServerThreadConfig, ServerThreadMessage, ToServerThread } from './server-thread.js';

const threadEntry = workerEntry(import.meta.url, 'server-thread');

export interface InProcessServer {
  readonly kind: ServerKind;
  readonly port: number;
  counters(): ServerCounts;
  /** Why the server thread failed after it started, if it did (requests then fail with connection errors). */
  failure(): string | undefined;
  /** Starts a new peak-streams measurement (at each window start). */
  resetPeakStreams(): void;
  /** --chaos restart-server: drops every connection, closes the port for `downMs`, listens again on the
   * same port; resolves with how many connections it dropped, once it listens. */
  restart(downMs: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startServer(config: Omit<ServerThreadConfig, 'counters'>): Promise<InProcessServer> {
  const buffer = newCounterBuffer();
  const view = new BigInt64Array(buffer);
  const worker = new Worker(threadEntry, { workerData: { ...config, counters: buffer } });
  let stopped: Promise<number> | undefined;
  let failure: string | undefined;
  // Kept for the whole life of the thread: an 'error' event without a listener would crash the process.
  worker.on('error', (err) => {
    failure ??= `the server thread failed: ${err.message}`;
  });
  worker.on('message', (msg: ServerThreadMessage) => {
    if (msg.type === 'failed') failure ??= `the server failed: ${msg.error}`;
  });
  worker.on('exit', (code) => {
    if (!stopped) failure ??= `the server thread exited (code ${code})`;
  });
  const stop = async () => {
    stopped ??= worker.terminate();
    await stopped;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (msg: ServerThreadMessage) =>
        msg.type === 'listening'
          ? resolve(msg.port)
          : reject(new Error(msg.type === 'failed' ? msg.error : msg.type)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`exited (code ${code})`)));
    });
    return {
      kind: config.kind,
      port,
      counters: () => readCounters(view),
      failure: () => failure,
      resetPeakStreams: () => Atomics.store(view, COUNTER_INDEX.peakStreamsPerSession, 0n),
      restart: (downMs) =>
        new Promise<number>((resolve, reject) => {
          const onMessage = (msg: ServerThreadMessage) => {
            if (msg.type === 'restarted') resolve(msg.dropped);
            else if (msg.type === 'failed') reject(new Error(`the server did not come back: ${msg.error}`));
            else return;
            worker.off('message', onMessage);
          };
          worker.on('message', onMessage);
          worker.postMessage({ type: 'restart', downMs } satisfies ToServerThread);
        }),
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`could not start the in-process ${config.kind} server: ${(err as Error).message}`);
  }
}
