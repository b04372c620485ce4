// Custom requests against --target servers started here, spawned as a user runs the CLI: --method, -H
// (repeatable), --body / --body-file and --expect-status arrive as given on every variant of http1, https
// and http2 (the servers record what they received); an Authorization or *token* header's value never
// reaches the console, result.json, report.md or the --dry-run plan; bad values exit 2 naming the flag.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';
import { schemaProblems } from '../helpers/result-schema.js';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  alpn: string;
}

const work = mkdtempSync(join(tmpdir(), 'poolbench-http-request-'));
const SECRET = 'Bearer tok-3f9a-never-shown';
const API_KEY = 'k-71c2-never-shown';
const received: Received[] = [];
const servers: Server[] = [];
const ports = { http: 0, https: 0, http2: 0 };

let flaky = 0;

/** Records every request; answers 201 to a POST, 503 to every third request to /flaky, 200 otherwise. */
function record(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    const alpn = (req.socket as { alpnProtocol?: string | false }).alpnProtocol || 'http/1.1';
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body, alpn });
    const unavailable = req.url === '/flaky' && ++flaky % 3 === 0;
    res.statusCode = unavailable ? 503 : req.method === 'POST' ? 201 : 200;
    res.end('{"ok":true}');
  });
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
};

before(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
  });
  const tls = { key: pems.private, cert: pems.cert };
  ports.http = await listen(createHttpServer(record));
  ports.https = await listen(createHttpsServer(tls, record));
  ports.http2 = await listen(createSecureServer({ ...tls, allowHTTP1: true }, record));
});

after(() => {
  for (const server of servers) {
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close();
  }
  rmSync(work, { recursive: true, force: true });
});

const SHORT = '-c 2 -d 300ms --warmup 0 --trials 1 --micro-time 0 --no-experiments'.split(' ');
let runs = 0;

async function run(args: string[]) {
  const out = join(work, `out-${++runs}`);
  const outcome = await poolbench(['run', ...args, '--out', out], {
    cwd: work,
    env: { POOLBENCH_DEBUG: '' },
  });
  // A run whose ops partly failed still writes its files.
  const files = existsSync(out) ? readdirSync(out).filter((f) => /\.(json|md)$/.test(f)) : [];
  const written = files.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  const result = files.includes('result.json')
    ? (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult)
    : undefined;
  if (result) assert.deepEqual(schemaProblems(result), [], 'result.json matches its schema');
  return { ...outcome, written, scenario: result?.scenarios[0] };
}

function assertHidden(text: string): void {
  assert.doesNotMatch(text, /tok-3f9a|k-71c2/, 'no secret header value');
}

const bodyFile = join(work, 'order.json');
writeFileSync(bodyFile, '{"item":42,"qty":3}');

const shaped = [
  '--method',
  'POST',
  '-H',
  'Content-Type: application/json',
  '--header',
  `Authorization: ${SECRET}`,
  '-H',
  `X-Api-Key: ${API_KEY}`,
  '-H',
  'X-Trace: a',
  '-H',
  'X-Trace: b',
  '--body-file',
  bodyFile,
  '--expect-status',
  '201',
];

describe('custom HTTP requests against --target', () => {
  for (const [scenario, scheme, port, variants, insecure] of [
    ['http1', 'http', () => ports.http, ['unpooled', 'pooled', 'pipelined'], []],
    ['https', 'https', () => ports.https, ['unpooled', 'resumed', 'pooled'], ['--insecure']],
    ['http2', 'https', () => ports.http2, ['unpooled', 'multiplexed', 'pooled-h1'], ['--insecure']],
  ] as const) {
    it(`${scenario}: method, headers and body arrive on every variant; secrets shown nowhere`, async () => {
      received.length = 0;
      const target = `${scheme}://127.0.0.1:${port()}/orders?src=poolbench`;
      const {
        code,
        stdout,
        stderr,
        written,
        scenario: s,
      } = await run([scenario, '--target', target, ...insecure, ...shaped, ...SHORT]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(
        s!.runs.map((r) => r.variant),
        variants,
      );
      for (const r of s!.runs) {
        assert.ok(r.ops > 0, `${r.variant} ran ops`);
        assert.equal(r.errors, 0, `${r.variant}: ${JSON.stringify(r.errorKinds)}`);
      }
      const ops = s!.runs.reduce((n, r) => n + r.ops, 0);
      assert.ok(received.length > ops, `the probe and ${ops} ops arrived, got ${received.length}`);
      for (const req of received) {
        assert.equal(req.method, 'POST');
        assert.equal(req.url, '/orders?src=poolbench');
        assert.equal(req.body, '{"item":42,"qty":3}');
        assert.equal(req.headers['content-type'], 'application/json');
        assert.equal(req.headers.authorization, SECRET);
        assert.equal(req.headers['x-api-key'], API_KEY);
        assert.match(String(req.headers['x-trace']), /^a, ?b$/, 'a repeated header is sent twice');
      }
      if (scenario === 'http2') {
        assert.ok(
          received.some((r) => r.alpn === 'h2'),
          'multiplexed spoke h2',
        );
        assert.ok(
          received.some((r) => r.alpn === 'http/1.1'),
          'pooled-h1 spoke HTTP/1.1',
        );
      }
      assert.equal(s!.details?.requestMethod, 'POST');
      assert.equal(s!.details?.requestBodyBytes, 19);
      assert.deepEqual(s!.options.headers, [
        'Content-Type: application/json',
        'Authorization: ***',
        'X-Api-Key: ***',
        'X-Trace: a',
        'X-Trace: b',
      ]);
      assertHidden(stdout + stderr + written);
    });
  }

  it('counts statuses outside --expect-status as errors by status', async () => {
    const flakyTarget = ['http1', '--target', `http://127.0.0.1:${ports.http}/flaky`];
    const counted = await run([...flakyTarget, '--expect-status', '200', ...SHORT]);
    assert.ok(counted.scenario, counted.stderr);
    for (const r of counted.scenario!.runs) {
      assert.ok(r.errors > 0, `${r.variant} met 503s`);
      assert.deepEqual(Object.keys(r.errorKinds), ['HTTP_503']);
      assert.match(r.errorHints?.HTTP_503 ?? '', /not one of --expect-status 200/);
    }
    const wrong = await run([
      ...flakyTarget.slice(0, 2),
      `http://127.0.0.1:${ports.http}/`,
      '--method',
      'POST',
      '--expect-status',
      '200,204',
      ...SHORT,
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /answered HTTP 201 to POST, not one of --expect-status 200,204/);
  });

  it('a --dry-run plan shows the headers with their secret values hidden', async () => {
    const { code, stdout } = await run([
      'http1',
      '--target',
      `http://127.0.0.1:${ports.http}/`,
      ...shaped,
      '--dry-run',
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /"Authorization: \*\*\*"/);
    assertHidden(stdout);
  });

  it('refuses bad values, exit 2 naming the flag, the secret hidden', async () => {
    const target = ['http1', '--target', `http://127.0.0.1:${ports.http}/`];
    const noColon = await run([...target, '-H', 'NoColon', '-H', `Authorization ${SECRET}`, ...SHORT]);
    assert.equal(noColon.code, 2);
    assert.match(noColon.stderr, /-H, --header: expected 'Name: value'.*got 'NoColon'/);
    const missing = await run([...target, '--body-file', join(work, 'nope.json'), ...SHORT]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--body-file: cannot read '.*nope\.json' \(no such file\)/);
    const both = await run([...target, '--body', 'x', '--body-file', bodyFile, '--method', 'GE T', ...SHORT]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--body and --body-file both give the request body/);
    assert.match(both.stderr, /--method: expected an HTTP method/);
    const connection = await run([...target, '-H', 'Connection: close', ...SHORT]);
    assert.equal(connection.code, 2);
    assert.match(connection.stderr, /'Connection' is poolbench's to set/);
    for (const r of [noColon, missing, both, connection]) {
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assertHidden(r.stderr);
    }
  });
});
