// What the redis result says about how it measured: kept with every result, read next to the figures.

export const NOTES: readonly string[] = [
  'unpooled is what ioredis 6 does by default on every connect: after TCP, one round trip of HELLO 3 + CLIENT SETINFO LIB-NAME/LIB-VER, then a second of INFO (the ready check: a ~4 KB reply the server builds and the client parses), then the command and QUIT. The connect step is most of the op: see breakdown connect/command/quit and the connect micro-benchmarks.',
  'unpooled-lean connects with { protocol: 2, enableReadyCheck: false, disableClientInfo: true }: no HELLO, no CLIENT SETINFO, no INFO, so the connection is ready when TCP is (AUTH/SELECT still sent when the URL needs them). The difference between unpooled and unpooled-lean is client overhead, not the server; what remains above a bare socket (micro-benchmarks) is Node creating and tearing down a socket per op.',
  "shared and pooled connections have ioredis's silent reconnect-and-resend turned off (retryStrategy: null): a killed connection fails the commands in flight, counted as errors (CONNECTION_CLOSED), and the next op opens a new one; recovery time is in the run's recovery block.",
  'pooled: --pool-size connections (default min(concurrency, 10)), pre-created unless --cold, health check per --health-check (default off). pooled-hc-cached: PING on borrow unless that connection passed one < --health-check-ttl ago (1 s); pooled-hc-always: PING on every borrow. The borrow step in the breakdown holds the health-check cost; details.pingsPerBorrow how often it ran.',
  'pipeline-N: one op is one batch of N commands on a pooled connection: latency is per batch; throughput is given in ops (batches) and in commands/s.',
];
