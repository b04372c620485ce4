// One HTTP/1.1 connection of the raw client: requests written as pre-serialised bytes, responses matched to
// them in order (so pipelining is just writing before the previous answer came), every body read whole by
// the strict parser. A connection that fails or closes fails every request still waiting on it.

import type { Socket } from 'node:net';
import { HttpParseError, type ParsedResponse, ResponseParser } from './response-parser.js';

export class RawConnectionClosedError extends Error {
  readonly code = 'CONNECTION_CLOSED';
  constructor() {
    super('the server closed the connection with requests in flight');
    this.name = 'RawConnectionClosedError';
  }
}

interface Waiter {
  resolve(response: ParsedResponse): void;
  reject(err: Error): void;
}

export class RawConnection {
  private readonly waiting: Waiter[] = [];
  private readonly parser = new ResponseParser((r) => this.answered(r));
  /** No new request may go out: the socket failed, closed, or the server announced it will close. */
  closed = false;
  /** Body bytes of every response on this connection. */
  bodyBytes = 0;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.feed(chunk);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      try {
        this.parser.end();
      } catch (err) {
        this.fail(err as Error);
      }
      this.fail(new RawConnectionClosedError());
    });
  }

  get inFlight(): number {
    return this.waiting.length;
  }

  request(bytes: Buffer): Promise<ParsedResponse> {
    if (this.closed) return Promise.reject(new RawConnectionClosedError());
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(bytes);
    });
  }

  /** Ends the connection politely (FIN); requests still waiting fail. */
  close(): void {
    this.closed = true;
    this.socket.end();
  }

  private answered(response: ParsedResponse): void {
    const waiter = this.waiting.shift();
    if (!waiter) {
      this.fail(new HttpParseError('a response to no request'));
      return;
    }
    this.bodyBytes += response.bodyBytes;
    if (!response.keepAlive) this.close();
    waiter.resolve(response);
  }

  private fail(err: Error): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.socket.destroy();
  }
}
