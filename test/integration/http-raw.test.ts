// http1 and https with --client raw against their in-process servers: every variant completes with no
// errors, the server counts what the client sent (one connection per request unpooled, a connection per
// worker pooled, ceil(c / depth) pipelined), and the bodies read are the server's, byte for byte.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { http1, https } from '../../scenarios/http/index.js';
import { RawConnection } from '../../scenarios/http/raw/raw-connection.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import type { RunResult } from '../../src/model/result.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 400, warmupMs: 150, ...over });
const BODY = 700;
const options = {
  bodyBytes: BODY,
  serverDelay: 0,
  retries: 0,
  burst: 10,
  pipelining: 10,
  insecure: false,
  client: 'raw',
};

const byVariant = (runs: RunResult[]) => Object.fromEntries(runs.map((r) => [r.variant, r]));

describe('--client raw', () => {
  it('http1: every variant completes, counted by the server, bodies read whole', async () => {
    const result = await runScenario(
      http1,
      options,
      {},
      settings({ microTimeMs: 0, experiments: false }),
      signal,
    );
    const runs = byVariant(result.runs);
    for (const variant of ['unpooled', 'pooled', 'pipelined']) {
      const run = runs[variant];
      assert.equal(run?.status, 'completed', `${variant}: ${run?.error}`);
      assert.ok(run.ops > 0 && run.errors === 0, `${variant}: ${run.ops} ops, ${run.errors} errors`);
      assert.match(String(run.details?.client), /^raw/);
    }
    const unpooled = runs.unpooled!;
    assert.equal(unpooled.pool?.opened, unpooled.ops, 'one connection per request in the window');
    assert.equal(unpooled.details!.serverConnections, unpooled.details!.serverRequests);
    assert.ok(unpooled.breakdownMs?.connect, 'connect is timed per request');
    const pooled = runs.pooled!;
    assert.ok(pooled.pool!.reuseRate > 0.95, `reuse ${pooled.pool!.reuseRate}`);
    assert.equal(pooled.details!.serverConnections, 4, 'a connection per worker');
    assert.equal(runs.pipelined!.details!.serverConnections, 1, 'ceil(4 / depth 10) = 1 connection');
    assert.equal(result.details?.client, 'raw (node:net / node:tls, minimal parser)');
  });

  it('https: keep-alive and per-request over node:tls', async () => {
    const { pipelining: _, ...httpsOptions } = options;
    const result = await runScenario(
      https,
      httpsOptions,
      {},
      settings({ variants: ['unpooled', 'pooled'], microTimeMs: 0, experiments: false }),
      signal,
    );
    const runs = byVariant(result.runs);
    for (const variant of ['unpooled', 'pooled']) {
      const run = runs[variant];
      assert.equal(run?.status, 'completed', `${variant}: ${run?.error}`);
      assert.ok(run.ops > 0 && run.errors === 0, `${variant}: ${run.ops} ops, ${run.errors} errors`);
    }
    assert.ok(runs.unpooled!.breakdownMs?.tls, 'the TLS handshake is timed per request');
    assert.equal(runs.pooled!.details!.serverConnections, 4);
  });

  it('reads pipelined Content-Length and chunked bodies from node:http whole, and fails what is in flight on a close', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/chunked') {
        res.write('a'.repeat(300));
        res.end('b'.repeat(BODY - 300));
      } else if (req.url === '/drop') {
        req.socket.destroy();
      } else {
        res.setHeader('content-length', BODY);
        res.end('c'.repeat(BODY));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const socket = net.connect({ host: '127.0.0.1', port });
      await once(socket, 'connect');
      const connection = new RawConnection(socket);
      const get = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
      // Three requests written before the first answer: pipelined.
      const answers = await Promise.all(
        [get('/'), get('/chunked'), get('/')].map((r) => connection.request(r)),
      );
      assert.deepEqual(
        answers.map((a) => [a.status, a.bodyBytes]),
        [
          [200, BODY],
          [200, BODY],
          [200, BODY],
        ],
      );
      assert.equal(connection.bodyBytes, 3 * BODY);
      await assert.rejects(connection.request(get('/drop')), { code: 'CONNECTION_CLOSED' });
      assert.ok(connection.closed);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('http2 refuses it in one line', async () => {
    const { http2 } = await import('../../scenarios/http/index.js');
    const { optionValues } = await import('../../src/scenario/index.js');
    assert.deepEqual(http2.validate(optionValues(http2, { client: 'raw' })), [
      '--client raw speaks HTTP/1.1 only: use it with http1 or https',
    ]);
  });

  it('refuses a custom request rather than sending its plain GET instead', async () => {
    const { http1 } = await import('../../scenarios/http/index.js');
    const { optionValues } = await import('../../src/scenario/index.js');
    const given = { client: 'raw', method: 'POST', headers: ['X-A: 1'], body: '{}' };
    assert.deepEqual(http1.validate(optionValues(http1, given)), [
      '--client raw sends a plain GET; --method, -H/--header, --body need the default client (--client undici)',
    ]);
    assert.deepEqual(http1.validate(optionValues(http1, { client: 'raw', method: 'get' })), []);
  });
});
