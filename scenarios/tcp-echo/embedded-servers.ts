// The in-process echo server, run on a worker thread (server-thread.ts), with two listeners: `persistent`
// keeps connections open (the pool's), `closing` closes each connection first after one echo
// (connect-per-op with the TIME_WAIT on the server's side; see variants.ts). Same echo code on both.
// Connection counts are read from shared memory; reset and close go by message.

import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../src/util/worker-entry.js';
import type { Address } from './address.js';
import { ACCEPTED, COUNTER_SLOTS, PEAK_OPEN } from './echo-server.js';

export interface ServerThreadData {
  payload: number;
  /** COUNTER_SLOTS Int32 counters per listener: persistent, then closing. */
  counters: SharedArrayBuffer;
}

export type ToServer = { type: 'reset' } | { type: 'restart'; downMs: number } | { type: 'close' };
export type FromServer =
  | { type: 'ready'; persistent: Address; closing: Address }
  | { type: 'failed'; error: string }
  | { type: 'reset'; count: number };

const LISTENERS = 2;

export class EmbeddedServers {
  private readonly counters: Int32Array;
  private closed: Promise<void> | undefined;
  private exited = false;
  /** Why the server thread died, if it did (ops then fail with ECONNREFUSED and are counted). */
  failure: string | undefined;

  private constructor(
    private readonly worker: Worker,
    shared: SharedArrayBuffer,
    readonly addresses: { persistent: Address; closing: Address },
  ) {
    this.counters = new Int32Array(shared);
    // Without a listener a crash of the thread would take the whole run down with an 'error' event.
    worker.on('error', (err) => {
      this.failure ??= err.message;
    });
    worker.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(payload: number): Promise<EmbeddedServers> {
    const shared = new SharedArrayBuffer(LISTENERS * COUNTER_SLOTS * 4);
    const data: ServerThreadData = { payload, counters: shared };
    const worker = new Worker(workerEntry(import.meta.url, 'server-thread'), { workerData: data });
    try {
      const ready = await nextMessage(worker);
      if (ready.type !== 'ready') {
        throw new Error(
          `the in-process echo server did not start: ${ready.type === 'failed' ? ready.error : ready.type}`,
        );
      }
      return new EmbeddedServers(worker, shared, { persistent: ready.persistent, closing: ready.closing });
    } catch (err) {
      await worker.terminate();
      throw err;
    }
  }

  /** Connections accepted on both listeners: a rising counter. */
  get accepted(): number {
    return this.sum(ACCEPTED);
  }

  get peakOpen(): number {
    return Math.max(...this.slots(PEAK_OPEN));
  }

  /** Fault injection: the server resets every open connection; resolves with how many. */
  async resetAll(): Promise<number> {
    if (this.exited)
      throw new Error(`the echo server thread is not running${this.failure ? `: ${this.failure}` : ''}`);
    const reply = nextMessage(this.worker);
    this.worker.postMessage({ type: 'reset' } satisfies ToServer);
    const msg = await reply;
    return msg.type === 'reset' ? msg.count : 0;
  }

  /** Fault injection: the server stops (connections reset, connects refused) for `downMs` and comes back
   * on the same ports; resolves with how many connections it reset, once it listens again. */
  async restart(downMs: number): Promise<number> {
    if (this.exited)
      throw new Error(`the echo server thread is not running${this.failure ? `: ${this.failure}` : ''}`);
    const reply = nextMessage(this.worker);
    this.worker.postMessage({ type: 'restart', downMs } satisfies ToServer);
    const msg = await reply;
    if (msg.type === 'failed') throw new Error(msg.error);
    return msg.type === 'reset' ? msg.count : 0;
  }

  /** Closes every connection and ends the thread; safe to call twice. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToServer);
    });
    return this.closed;
  }

  private slots(slot: number): number[] {
    return Array.from({ length: LISTENERS }, (_, i) => Atomics.load(this.counters, i * COUNTER_SLOTS + slot));
  }

  private sum(slot: number): number {
    return this.slots(slot).reduce((a, b) => a + b, 0);
  }
}

/** The thread's next message; a crash of the thread rejects. */
function nextMessage(worker: Worker): Promise<FromServer> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (msg: FromServer) => {
      cleanup();
      resolve(msg);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`the echo server thread exited (code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
