// Turns a thrown error into a kind to count by, and a hint the user can act on.

import { errorMessage } from '../../errors.js';
import { redactText } from '../../util/redact.js';

export interface ClassifiedError {
  kind: string;
  hint: string;
}

const HINTS: Record<string, string> = {
  EADDRNOTAVAIL:
    'ephemeral ports exhausted: connect-per-op left too many sockets in TIME_WAIT; lower the concurrency or duration, wait ~60 s between runs, or widen net.ipv4.ip_local_port_range',
  EMFILE: 'too many open files: raise the limit (ulimit -n) or lower the concurrency',
  ECONNREFUSED: 'connection refused: is the server running and listening on that address?',
  ECONNRESET: 'the server reset the connection',
  ETIMEDOUT: 'the operation timed out',
};

/** Errors may carry their own `hint` (scenarios attach one, e.g. for PostgreSQL's "too many clients"). */
export function classifyError(err: unknown): ClassifiedError {
  const e = err as { code?: unknown; hint?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' && e.code ? e.code : undefined;
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : undefined;
  const kind = code ?? name ?? 'Error';
  const message = redactText(errorMessage(err));
  const ownHint = typeof e?.hint === 'string' ? e.hint : undefined;
  const hint = ownHint ?? (code ? HINTS[code] : undefined);
  return { kind, hint: hint ? `${message} (${hint})` : message };
}
