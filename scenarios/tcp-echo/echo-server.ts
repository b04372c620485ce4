// The echo server: writes back every byte it reads, on an ephemeral port. It counts the connections it
// accepted, so a run can show from the server's side how many connections the client really opened.

import { createServer, type Server, type Socket } from 'node:net';
import type { Address } from './address.js';

/** Slots of the counters array. */
export const ACCEPTED = 0;
export const OPEN = 1;
export const PEAK_OPEN = 2;
export const COUNTER_SLOTS = 3;

export interface EchoServerOptions {
  /**
   * Close a connection (send FIN first) once it has echoed this many bytes: one request per connection, as
   * an HTTP/1.0 server. The side that closes first keeps the TIME_WAIT; see variants.ts for why we want it
   * here. Undefined = keep connections open until the client closes them.
   */
  closeAfterBytes?: number;
  /** Counters by slot; on a SharedArrayBuffer another thread reads them without a message round trip. */
  counters?: Int32Array;
}

export class EchoServer {
  readonly counters: Int32Array;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private addr: Address | undefined;

  constructor(private readonly opts: EchoServerOptions = {}) {
    this.counters = opts.counters ?? new Int32Array(COUNTER_SLOTS);
    this.server = createServer({ noDelay: true }, (socket) => this.serve(socket));
  }

  async listen(host = '127.0.0.1'): Promise<Address> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port: 0, backlog: 4096 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const info = this.server.address();
    if (!info || typeof info === 'string') throw new Error('echo server has no TCP address');
    this.addr = { host, port: info.port };
    return this.addr;
  }

  get address(): Address {
    if (!this.addr) throw new Error('echo server is not listening');
    return this.addr;
  }

  /** Fault injection: resets (RST) every connection, as a crashed or restarted server would. */
  resetAll(): number {
    const count = this.sockets.size;
    for (const socket of this.sockets) socket.resetAndDestroy();
    return count;
  }

  /** Fault injection: the server goes away (every connection reset, the port closed, so connects are
   * refused) for `downMs`, then listens again on the same port, as a restarted server process would. */
  async restart(downMs: number): Promise<number> {
    const { host, port } = this.address;
    const count = this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port, backlog: 4096 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return count;
  }

  /** Stops listening and closes every connection; safe to call twice. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    const c = this.counters;
    Atomics.add(c, ACCEPTED, 1);
    this.sockets.add(socket);
    const open = Atomics.add(c, OPEN, 1) + 1;
    if (open > Atomics.load(c, PEAK_OPEN)) Atomics.store(c, PEAK_OPEN, open);
    const limit = this.opts.closeAfterBytes;
    let echoed = 0;
    socket.on('data', (chunk: Buffer) => {
      // Backpressure: stop reading while the client does not read its echoes.
      if (!socket.write(chunk)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
      echoed += chunk.length;
      if (limit !== undefined && echoed >= limit) socket.end();
    });
    // A client that resets (chaos, a killed run) is routine for a server, not a failure of the benchmark.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      Atomics.sub(c, OPEN, 1);
    });
  }
}
