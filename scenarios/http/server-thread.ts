// The in-process server's thread. It runs on its own event loop, as a real server would in its own process,
// so its CPU time is not charged to the client being measured and the client's heap figures are its own.
// One request handler for node:http, node:https and node:http2 (compat API, also serving HTTP/1.1).

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import https from 'node:https';
import type { Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';
import { COUNTER_INDEX, type ServerCounter } from './server-counters.js';

export type ServerKind = 'http' | 'https' | 'http2';

export interface ServerThreadConfig {
  kind: ServerKind;
  /** PEM key and certificate, for https and http2. */
  key?: string;
  cert?: string;
  bodyBytes: number;
  delayMs: number;
  /** Drop the connection carrying every K-th request, unanswered. */
  closeEvery?: number;
  counters: SharedArrayBuffer;
}

export type ServerThreadMessage =
  | { type: 'listening'; port: number }
  | { type: 'failed'; error: string }
  | { type: 'restarted'; dropped: number };

/** From the main thread: --chaos restart-server. */
export type ToServerThread = { type: 'restart'; downMs: number };

const config = workerData as ServerThreadConfig;
const counters = new BigInt64Array(config.counters);
const add = (name: ServerCounter) => Atomics.add(counters, COUNTER_INDEX[name], 1n) + 1n;
const body = Buffer.alloc(config.bodyBytes, 'x');
const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length) };
const closeEvery = config.closeEvery ? BigInt(config.closeEvery) : undefined;

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

function handle(req: Request, res: Response): void {
  const n = add('requests');
  if (closeEvery && n % closeEvery === 0n) {
    add('dropped');
    // As a crashed or recycled backend does: the whole connection goes, with every stream on it.
    if ('stream' in req) req.stream.session?.destroy();
    else req.socket.destroy();
    return;
  }
  if (config.delayMs > 0) setTimeout(respond, config.delayMs, res);
  else respond(res);
}

function respond(res: Response): void {
  if (res.destroyed) return;
  res.writeHead(200, headers);
  res.end(body);
}

function countStreams(session: Http2Session): void {
  add('h2Sessions');
  let open = 0;
  const peak = COUNTER_INDEX.peakStreamsPerSession;
  session.on('stream', (stream) => {
    open++;
    if (BigInt(open) > Atomics.load(counters, peak)) Atomics.store(counters, peak, BigInt(open));
    stream.once('close', () => open--);
  });
}

function createServer(): Server {
  const tls = { key: config.key, cert: config.cert };
  switch (config.kind) {
    case 'http':
      return http.createServer(handle);
    case 'https':
      return https.createServer(tls, handle);
    case 'http2': {
      // No server-side cap below the client's --streams: node's default allows 2^32-1 concurrent streams.
      const server = http2.createSecureServer({ ...tls, allowHTTP1: true }, handle);
      server.on('session', countStreams);
      return server;
    }
  }
}

const server = createServer();
// Idle keep-alive connections stay open through the pauses between variants and trials.
if ('keepAliveTimeout' in server) (server as http.Server).keepAliveTimeout = 60_000;
const sockets = new Set<import('node:net').Socket>();
server.on('connection', (socket: import('node:net').Socket) => {
  add('connections');
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});
server.on('secureConnection', (socket: TLSSocket) => {
  add('tlsHandshakes');
  if (socket.isSessionReused()) add('tlsResumed');
});
server.on('error', (err) =>
  parentPort?.postMessage({ type: 'failed', error: err.message } satisfies ServerThreadMessage),
);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  parentPort?.postMessage({ type: 'listening', port } satisfies ServerThreadMessage);
});

// --chaos restart-server: every connection dropped and the port closed (connects refused) for downMs, then
// the same server listens again on the same port, as a restarted server process would.
parentPort?.on('message', async (msg: ToServerThread) => {
  if (msg.type !== 'restart') return;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dropped = sockets.size;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await closed;
  await new Promise((resolve) => setTimeout(resolve, msg.downMs));
  server.listen(port, '127.0.0.1', () =>
    parentPort?.postMessage({ type: 'restarted', dropped } satisfies ServerThreadMessage),
  );
});
