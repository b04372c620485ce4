// The client side of the echo protocol: one socket, one request in flight. A request is written whole; its
// echo may come back in any number of chunks, each compared with the bytes sent at that offset, and the
// request completes only when exactly as many bytes came back. Errors keep the code the driver counts by
// (EADDRNOTAVAIL, ECONNREFUSED, ECONNRESET, ETIMEDOUT, ECHO_MISMATCH...).

import { connect, type Socket } from 'node:net';
import type { Address } from './address.js';

/** Connect and echo each give up after this long: a target that does not echo must not hang the run. */
export const IO_TIMEOUT_MS = 5_000;

/** An error with a Node-style code, which the driver uses as the error's kind. */
export class EchoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EchoError';
  }
}

interface Pending {
  sent: Buffer;
  received: number;
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class EchoConnection {
  private pending: Pending | undefined;
  private broken: Error | undefined;
  private ended = false;
  private onEnd: (() => void) | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      this.ended = true;
      this.fail(new EchoError('EPEERCLOSED', 'the echo server closed the connection'));
      this.onEnd?.();
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      this.fail(new EchoError('EPEERCLOSED', 'the connection closed'));
      this.onEnd?.();
    });
  }

  /** Usable for another request: not closed, reset, or out of step. */
  get alive(): boolean {
    return this.broken === undefined && !this.socket.destroyed;
  }

  /** Sends `payload` and resolves when the same bytes came back, in however many chunks. */
  echo(payload: Buffer, timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.pending) return Promise.reject(new Error('EchoConnection: one request at a time'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.fail(
            new EchoError(
              'ETIMEDOUT',
              `no complete echo within ${timeoutMs} ms (${this.pending?.received ?? 0} of ${payload.length} bytes)`,
            ),
          ),
        timeoutMs,
      );
      this.pending = { sent: payload, received: 0, resolve, reject, timer };
      this.socket.write(payload);
    });
  }

  /**
   * Waits until the server has closed its side (its FIN arrived), then releases the socket: the server
   * closed first, so the TIME_WAIT is the server's and no client port is held.
   */
  afterServerClose(timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    if (this.ended || this.socket.destroyed) {
      this.socket.destroy();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onEnd = undefined;
        this.socket.destroy();
        reject(
          new EchoError('ETIMEDOUT', `the echo server did not close the connection within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.onEnd = () => {
        this.onEnd = undefined;
        clearTimeout(timer);
        this.socket.destroy();
        resolve();
      };
    });
  }

  /** Closes from our side first (close(2), as Go's conn.Close()): the kernel sends the FIN, we keep the TIME_WAIT. */
  destroy(): void {
    this.broken ??= new EchoError('EPEERCLOSED', 'the connection was closed by the client');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const p = this.pending;
    if (!p) {
      // Bytes nobody asked for: the stream is out of step and can never be trusted again.
      this.fail(new EchoError('ECHO_EXTRA', `${chunk.length} unexpected bytes from the echo server`));
      return;
    }
    const expected = p.sent.subarray(p.received, p.received + chunk.length);
    if (chunk.length > expected.length) {
      this.fail(
        new EchoError(
          'ECHO_EXTRA',
          `the echo server sent ${p.received + chunk.length} bytes for ${p.sent.length}`,
        ),
      );
      return;
    }
    if (!chunk.equals(expected)) {
      let at = 0;
      while (chunk[at] === expected[at]) at++;
      this.fail(
        new EchoError(
          'ECHO_MISMATCH',
          `the echo differs from the request at byte ${p.received + at} of ${p.sent.length}`,
        ),
      );
      return;
    }
    p.received += chunk.length;
    if (p.received === p.sent.length) {
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve();
    }
  }

  /** Marks the connection broken, fails the request in flight and closes the socket. */
  private fail(err: Error): void {
    this.broken ??= err;
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      clearTimeout(p.timer);
      p.reject(err);
    }
    // A server FIN after a complete echo is the expected close (afterServerClose), not a reason to destroy here.
    if (err instanceof EchoError && err.code === 'EPEERCLOSED' && !p) return;
    this.socket.destroy();
  }
}

/** Opens a connection and resolves once it is connected (or rejects with the socket error's own code). */
export function connectEcho(
  address: Address,
  opts: { localAddress?: string; timeoutMs?: number } = {},
): Promise<EchoConnection> {
  const timeoutMs = opts.timeoutMs ?? IO_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: address.host,
      port: address.port,
      noDelay: true,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EchoError('ETIMEDOUT', `connect timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(withCode(err));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(new EchoConnection(socket));
    });
  });
}

/**
 * Happy eyeballs (a host name with several addresses) fails with an AggregateError; give it the first
 * attempt's code, so an exhausted port range still counts as EADDRNOTAVAIL and gets the driver's hint.
 */
function withCode(err: Error): Error {
  const e = err as Error & { code?: string };
  if (!e.code && err instanceof AggregateError) {
    const first = err.errors.find((inner: { code?: unknown }) => typeof inner?.code === 'string');
    if (first) e.code = first.code;
  }
  return err;
}
