// Checks an external --target before any run: reachable, and an echo server (one verified round trip).
// Failures become a TargetError: one line naming host:port and what to do.

import { TargetError } from '../../src/errors.js';
import { type Address, formatAddress } from './address.js';
import { connectEcho } from './echo-connection.js';

const PROBE_TIMEOUT_MS = 3_000;

export async function probeEchoServer(address: Address, payload: number): Promise<void> {
  const where = formatAddress(address);
  let conn: Awaited<ReturnType<typeof connectEcho>>;
  try {
    conn = await connectEcho(address, { timeoutMs: PROBE_TIMEOUT_MS });
  } catch (err) {
    throw new TargetError(
      `cannot connect to the echo server at ${where} (${describe(err)}); start one there, or drop --target to use the in-process server`,
      { cause: err },
    );
  }
  try {
    await conn.echo(Buffer.alloc(payload, 0x5a), PROBE_TIMEOUT_MS);
  } catch (err) {
    throw new TargetError(`${where} is not a working echo server: ${describe(err)}`, { cause: err });
  } finally {
    conn.destroy();
  }
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
