// Small loopback helpers shared by the scenario tests.

import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Whether something accepts TCP connections on 127.0.0.1:port (a server that should be gone, or up). */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A throwaway server on 127.0.0.1 handing every chunk it reads to `onChunk`; the caller closes it. */
export async function serveChunks(
  onChunk: (socket: Socket, chunk: Buffer) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('data', (chunk) => onChunk(socket, chunk));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const info = server.address();
  assert.ok(info && typeof info === 'object');
  return { server, port: info.port };
}
