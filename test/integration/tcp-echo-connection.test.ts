// tcp-echo's client side against tiny real servers on 127.0.0.1: echoes that arrive in pieces, servers that
// send too much or nothing, connect errors that keep their code, and the option checks.

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Address, parseAddress } from '../../scenarios/tcp-echo/address.js';
import { connectEcho, type EchoConnection } from '../../scenarios/tcp-echo/echo-connection.js';
import { createEchoPool } from '../../scenarios/tcp-echo/echo-pool.js';
import { ACCEPTED, EchoServer, OPEN } from '../../scenarios/tcp-echo/echo-server.js';
import { tcpEcho } from '../../scenarios/tcp-echo/index.js';
import { closerOf, type TcpEchoOptions, validate } from '../../scenarios/tcp-echo/options.js';
import { Recorder } from '../../src/driver/measure/recorder.js';
import { optionValues } from '../../src/scenario/index.js';
import { serveChunks } from '../helpers/net.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A throwaway server whose every received chunk goes to `onChunk`. */
async function serve(onChunk: (socket: Socket, chunk: Buffer) => void): Promise<Address> {
  const { server, port } = await serveChunks(onChunk);
  servers.push(server);
  return { host: '127.0.0.1', port };
}

const bytes = (n: number, seed = 1) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.fail('expected a rejection');
}

describe('tcp-echo connection', () => {
  it('completes an echo that comes back in several chunks, and only when every byte came', async () => {
    let writes = 0;
    // Echoes each chunk back in pieces of at most 7 bytes, 2 ms apart: the client sees many 'data' events.
    const address = await serve((socket, chunk) => {
      void (async () => {
        for (let i = 0; i < chunk.length; i += 7) {
          socket.write(chunk.subarray(i, i + 7));
          writes++;
          await sleep(2);
        }
      })();
    });
    const conn = await connectEcho(address);
    for (let round = 0; round < 3; round++) await conn.echo(bytes(64, round));
    assert.ok(writes >= 3 * 10, `the server wrote ${writes} pieces`);
    assert.equal(conn.alive, true);
    conn.destroy();
  });

  it('rejects an echo with a flipped byte, naming the byte, and never reuses that connection', async () => {
    const address = await serve((socket, chunk) => {
      const copy = Buffer.from(chunk);
      copy[5] = copy[5]! ^ 0xff;
      socket.write(copy);
    });
    const conn = await connectEcho(address);
    const err = await rejection(conn.echo(bytes(64)));
    assert.equal(err.code, 'ECHO_MISMATCH');
    assert.match(err.message, /byte 5 of 64/);
    assert.equal(conn.alive, false);
    assert.equal((await rejection(conn.echo(bytes(64)))).code, 'ECHO_MISMATCH');
  });

  it('rejects a server that sends more than it was sent, or bytes nobody asked for', async () => {
    const address = await serve((socket, chunk) => socket.write(Buffer.concat([chunk, chunk])));
    const conn = await connectEcho(address);
    assert.equal((await rejection(conn.echo(bytes(16)))).code, 'ECHO_EXTRA');

    let chatty: Socket | undefined;
    const idle = await connectEcho(
      await serve((socket) => {
        chatty = socket;
      }),
    );
    await new Promise<void>((resolve) => {
      idle.socket.write('x', () => resolve());
    });
    while (!chatty) await sleep(1);
    chatty.write('unsolicited');
    while (idle.alive) await sleep(1);
    assert.equal((await rejection(idle.echo(bytes(4)))).code, 'ECHO_EXTRA');
  });

  it('times out, with ETIMEDOUT, when the server never answers', async () => {
    const conn = await connectEcho(await serve(() => {}));
    const err = await rejection(conn.echo(bytes(8), 50));
    assert.equal(err.code, 'ETIMEDOUT');
    assert.match(err.message, /0 of 8 bytes/);
  });

  it('marks an idle connection dead when the server resets it, and counts what it accepted', async () => {
    const server = new EchoServer();
    const idle = await connectEcho(await server.listen());
    await idle.echo(bytes(32));
    assert.equal(server.resetAll(), 1);
    while (idle.alive) await sleep(1);
    const err = await rejection(idle.echo(bytes(32)));
    assert.ok(['ECONNRESET', 'EPEERCLOSED'].includes(err.code ?? ''), `code ${err.code}`);
    assert.equal(server.counters[ACCEPTED], 1);
    await server.close();
    await server.close(); // twice is fine
  });

  it('keeps the code of a connect error, so the driver counts EADDRNOTAVAIL as such, with its hint', async () => {
    const address = await serve(() => {});
    // Binding to an address this machine does not have fails exactly as an exhausted port range does.
    const err = await rejection(connectEcho(address, { localAddress: '192.0.2.1' }));
    assert.equal(err.code, 'EADDRNOTAVAIL');
    const recorder = new Recorder();
    recorder.failure(err, process.hrtime.bigint());
    assert.deepEqual(recorder.errorKinds, { EADDRNOTAVAIL: 1 });
    assert.match(recorder.errorHints.EADDRNOTAVAIL ?? '', /TIME_WAIT/);

    const refused = await rejection(connectEcho({ host: '127.0.0.1', port: await closedPort() }));
    assert.equal(refused.code, 'ECONNREFUSED');
  });

  it('pools persistent connections: closes idle ones after the idle timeout, replaces broken ones', async () => {
    const server = new EchoServer();
    const address = await server.listen();
    const { pool, discardedBroken } = createEchoPool({
      address,
      max: 2,
      idleTimeoutMs: 40,
      overflow: 'wait',
    });
    await pool.warm(2);
    assert.equal(pool.gauges().idle, 2);
    while (server.counters[OPEN]! > 0) await sleep(5); // the sweeper closed both
    assert.equal(pool.gauges().total, 0);
    assert.equal(pool.gauges().idle, 0);
    assert.equal(discardedBroken(), 0);

    const entry = await pool.acquire();
    await entry.resource.echo(bytes(8));
    pool.release(entry);
    server.resetAll();
    while (entry.resource.alive) await sleep(1);
    const fresh = await pool.acquire(); // the dead one is discarded on borrow, a new one opened
    assert.notEqual(fresh.resource, entry.resource);
    await fresh.resource.echo(bytes(8));
    pool.release(fresh);
    assert.equal(discardedBroken(), 1);
    assert.equal(server.counters[ACCEPTED], 4);
    await pool.close();
    await server.close();
  });

  it('waits for the server to close first when it does (so the TIME_WAIT is the server side)', async () => {
    const server = new EchoServer({ closeAfterBytes: 16 });
    const conn: EchoConnection = await connectEcho(await server.listen());
    await conn.echo(bytes(16));
    await conn.afterServerClose();
    assert.equal(conn.socket.destroyed, true);
    await server.close();
  });
});

describe('tcp-echo options', () => {
  it('parses host:port and [v6]:port, and rejects the rest', () => {
    assert.deepEqual(parseAddress('127.0.0.1:7'), { host: '127.0.0.1', port: 7 });
    assert.deepEqual(parseAddress('[::1]:9000'), { host: '::1', port: 9000 });
    assert.deepEqual(parseAddress('echo.internal:7'), { host: 'echo.internal', port: 7 });
    for (const bad of ['127.0.0.1', ':7', 'host:0', 'host:70000', 'tcp://host:7', '::1:7']) {
      assert.equal(parseAddress(bad), undefined, bad);
    }
  });

  it('reports every cross-option problem at once', () => {
    assert.deepEqual(validate(optionValues(tcpEcho)), []);
    const problems = validate(
      optionValues(tcpEcho, { target: 'nowhere', closer: 'server', chaos: 'reset-at-midpoint' }),
    );
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0]!, /--target: expected host:port .*got 'nowhere'/);
    assert.match(problems[1]!, /--closer server/);
    assert.match(problems[2]!, /--chaos/);
  });

  it('lets the server close first in-process, and the client with an external target', () => {
    const closer = (given: Partial<TcpEchoOptions>) => closerOf(optionValues(tcpEcho, given));
    assert.equal(closer({}), 'server');
    assert.equal(closer({ target: '127.0.0.1:7' }), 'client');
    assert.equal(closer({ target: '127.0.0.1:7', closingTarget: '127.0.0.1:8' }), 'server');
    assert.equal(closer({ closer: 'client' }), 'client');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const info = server.address();
  assert.ok(info && typeof info === 'object');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return info.port;
}
