// What the in-process server counts, in a SharedArrayBuffer: the server thread adds, the scenario's thread
// reads synchronously (VariantRun.details() is synchronous) without a message round trip.

export const SERVER_COUNTERS = [
  /** TCP connections accepted. */
  'connections',
  /** TLS handshakes completed, and how many of them resumed a session (no certificate exchanged). */
  'tlsHandshakes',
  'tlsResumed',
  /** HTTP/2 sessions (connections that negotiated h2). */
  'h2Sessions',
  /** Requests received, including the ones dropped by --close-every. */
  'requests',
  /** Connections dropped without an answer by --close-every. */
  'dropped',
  /** Most streams open at once on one HTTP/2 session; the scenario resets it to 0 at each window start. */
  'peakStreamsPerSession',
] as const;

export type ServerCounter = (typeof SERVER_COUNTERS)[number];
export type ServerCounts = Record<ServerCounter, number>;

export const COUNTER_INDEX = Object.fromEntries(SERVER_COUNTERS.map((name, i) => [name, i])) as Record<
  ServerCounter,
  number
>;

export function newCounterBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SERVER_COUNTERS.length * BigInt64Array.BYTES_PER_ELEMENT);
}

export function readCounters(view: BigInt64Array): ServerCounts {
  return Object.fromEntries(
    SERVER_COUNTERS.map((name, i) => [name, Number(Atomics.load(view, i))]),
  ) as ServerCounts;
}
