// One connection for every worker: ioredis writes each command to the same socket and matches replies in
// order (with auto-pipelining, commands issued in the same tick go out in one write). ioredis would
// reconnect and resend silently after a loss; here the loss fails the commands in flight (counted), and
// the next op opens a new connection, all waiting ops sharing that one attempt.

import type { Redis } from 'ioredis';
import { closeConnection } from './connect.js';

export class SharedConnection {
  private current: Promise<Redis> | undefined;
  private opened = 0;
  private closed = false;

  constructor(private readonly open: () => Promise<Redis>) {}

  get(): Promise<Redis> {
    if (this.closed) return Promise.reject(new Error('the shared connection is closed'));
    if (this.current) return this.current;
    const attempt = this.open();
    this.current = attempt;
    attempt.then(
      (client) => {
        this.opened++;
        client.once('end', () => {
          if (this.current === attempt) this.current = undefined;
        });
      },
      () => {
        if (this.current === attempt) this.current = undefined;
      },
    );
    return attempt;
  }

  /** Connections opened so far: 1, plus one per recovery. */
  created(): number {
    return this.opened;
  }

  async close(): Promise<void> {
    this.closed = true;
    const attempt = this.current;
    this.current = undefined;
    const client = await attempt?.catch(() => undefined);
    if (client) await closeConnection(client);
  }
}
