// What one op sends: a GET, a SET, or (mixed) one of each in turn, on a small key space under this run's
// own prefix. Keys are the only thing the scenario writes, and all of them are removed with SCAN + UNLINK
// of that prefix: never FLUSHDB / FLUSHALL, never a key outside it.

import type { ChainableCommander, Redis } from 'ioredis';

export type CommandKind = 'get' | 'set' | 'mixed';

export class Workload {
  /** What SET writes: --payload bytes. */
  readonly value: string;

  constructor(
    /** 'poolbench:<runid>:' */
    readonly prefix: string,
    readonly command: CommandKind,
    readonly keySpace: number,
    payloadBytes: number,
  ) {
    this.value = 'v'.repeat(payloadBytes);
  }

  /** Spreads consecutive ops over the key space (a multiplicative hash), so mixed GETs and SETs share keys. */
  key(i: number): string {
    return `${this.prefix}k:${(Math.imul(i, 2654435761) >>> 0) % this.keySpace}`;
  }

  /** Whether the i-th command is a SET (else a GET): for clients other than ioredis. */
  isSet(i: number): boolean {
    return this.command === 'set' || (this.command === 'mixed' && i % 2 === 1);
  }

  /** Runs the i-th command on a connection. */
  run(client: Redis, i: number): Promise<unknown> {
    return this.isSet(i) ? client.set(this.key(i), this.value) : client.get(this.key(i));
  }

  /** Queues the i-th command on a pipeline. */
  queue(pipeline: ChainableCommander, i: number): void {
    if (this.isSet(i)) pipeline.set(this.key(i), this.value);
    else pipeline.get(this.key(i));
  }

  /** Sends commands first..first+count-1 as one pipeline; the first failed command fails the batch. */
  async runBatch(client: Redis, first: number, count: number): Promise<void> {
    const pipeline = client.pipeline();
    for (let i = first; i < first + count; i++) this.queue(pipeline, i);
    const replies = await pipeline.exec();
    if (!replies) throw new Error('pipeline was discarded');
    for (const [err] of replies) if (err) throw err;
  }

  /** Writes every key once, so GETs hit. */
  async populate(client: Redis): Promise<void> {
    const batch = 1000;
    for (let start = 0; start < this.keySpace; start += batch) {
      const pipeline = client.pipeline();
      for (let k = start; k < Math.min(this.keySpace, start + batch); k++) {
        pipeline.set(`${this.prefix}k:${k}`, this.value);
      }
      const replies = await pipeline.exec();
      for (const [err] of replies ?? []) if (err) throw err;
    }
  }
}

/** Calls fn with each batch of keys matching a SCAN pattern (SCAN never blocks the server). */
export async function scanKeys(
  client: Redis,
  pattern: string,
  fn: (keys: string[]) => Promise<void> | void,
): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await fn(keys);
  } while (cursor !== '0');
}

/** Escapes a literal for a SCAN MATCH pattern. */
const globLiteral = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/** Calls fn with each batch of keys under the prefix. */
async function forEachKeyBatch(
  client: Redis,
  prefix: string,
  fn: (keys: string[]) => Promise<void> | void,
): Promise<void> {
  await scanKeys(client, `${globLiteral(prefix)}*`, async (keys) => {
    // Belt and braces: never touch a key the pattern matched but the prefix does not start.
    const own = keys.filter((k) => k.startsWith(prefix));
    if (own.length > 0) await fn(own);
  });
}

/** Deletes every key under the prefix with UNLINK; returns how many went. */
export async function deleteKeys(client: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  await forEachKeyBatch(client, prefix, async (keys) => {
    deleted += await client.unlink(...keys);
  });
  return deleted;
}

/** Counts the keys under the prefix (tests, and the check after cleanup). */
export async function countKeys(client: Redis, prefix: string): Promise<number> {
  let count = 0;
  await forEachKeyBatch(client, prefix, (keys) => {
    count += keys.length;
  });
  return count;
}
