// The HTTP scenarios against --target servers started here: a target that cannot be used fails at open()
// with one line naming the cause (untrusted certificate, host name mismatch, no HTTP/2, refused, 404, wrong
// scheme); --insecure is stated in the result; a usable external target is measured like the in-process one.

import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { http1, http2, https } from '../../scenarios/http/index.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { TargetError } from '../../src/errors.js';
import { type OptionBag, optionValues, type Scenario } from '../../src/scenario/index.js';

const signal = new AbortController().signal;
const defaults = { bodyBytes: 1024, serverDelay: 0, retries: 0, burst: 100, insecure: false };

let tlsServer: Server;
let plainServer: Server;
let tlsPort = 0;
let plainPort = 0;
let exampleCert = '';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

before(async () => {
  // A certificate for example.com only: untrusted by default, and wrong for localhost even when trusted.
  const pems = await generate([{ name: 'commonName', value: 'example.com' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'example.com' }] }],
  });
  exampleCert = pems.cert;
  tlsServer = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('ok'));
  plainServer = createHttpServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  tlsPort = await listen(tlsServer);
  plainPort = await listen(plainServer);
});

after(() => {
  tlsServer.closeAllConnections();
  tlsServer.close();
  plainServer.closeAllConnections();
  plainServer.close();
});

async function openFails(scenario: Scenario, options: OptionBag, expected: RegExp): Promise<void> {
  const opts = { ...defaults, ...options };
  assert.deepEqual(scenario.validate(optionValues(scenario, opts)), [], 'the options themselves are valid');
  await assert.rejects(openScenario(scenario, opts, signal), (err: unknown) => {
    assert.ok(err instanceof TargetError, `a TargetError, got ${String(err)}`);
    assert.match(err.message, expected);
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return true;
  });
}

describe('http scenarios against --target', () => {
  it('refuses a certificate it cannot verify, naming the cause and --insecure', async () => {
    await openFails(
      https,
      { target: `https://localhost:${tlsPort}/` },
      /^TLS certificate of https:\/\/localhost:\d+\/ refused: self-signed certificate .*--insecure/,
    );
  });

  it('refuses a trusted certificate issued for another host name', async () => {
    await openFails(
      https,
      { target: `https://localhost:${tlsPort}/`, trustedCaPem: exampleCert },
      /^TLS host name mismatch: .* not valid for 'localhost'.*example\.com/,
    );
  });

  it('accepts it with --insecure and says so in the result', async () => {
    const settings: DriverSettings = {
      durationMs: 200,
      warmupMs: 50,
      trials: 1,
      microTimeMs: 0,
      experiments: false,
      load: { kind: 'closed', concurrency: [2] },
      variants: ['pooled'],
    };
    const result = await runScenario(
      https,
      { ...defaults, target: `https://localhost:${tlsPort}/`, insecure: true },
      {},
      settings,
      signal,
    );
    assert.equal(result.runs[0]?.status, 'completed', result.runs[0]?.error);
    assert.equal(result.target.embedded, false);
    assert.equal(result.details?.certificateVerification, 'off (--insecure)');
    assert.ok(result.warnings.some((w) => /--insecure/.test(w)));
    // No in-process server: no server-side counts to report.
    assert.equal(result.runs[0]?.details?.serverConnections, undefined);
  });

  it('tells a server without HTTP/2 apart for the http2 scenario', async () => {
    await openFails(
      http2,
      { target: `https://localhost:${tlsPort}/`, insecure: true },
      /does not offer HTTP\/2 \(ALPN chose http\/1\.1\)/,
    );
  });

  it('names a refused connection, a 404 and a TLS target given to http1, with the password redacted', async () => {
    await openFails(
      http1,
      { target: 'http://user:secret@127.0.0.1:1/' },
      /^connection refused by 127\.0\.0\.1:1 \(http:\/\/user:\*\*\*@127\.0\.0\.1:1\/\)/,
    );
    await openFails(http1, { target: `127.0.0.1:${plainPort}/missing` }, /answered HTTP 404/);
    await openFails(
      https,
      { target: `https://127.0.0.1:${plainPort}/` },
      /TLS handshake .* failed .*HTTPS server/,
    );
  });

  it('reports a target of the wrong scheme, or --close-every with --target, as a configuration problem', () => {
    assert.deepEqual(http1.validate(optionValues(http1, { ...defaults, target: 'https://example.com/' })), [
      "--target: the http1 scenario needs an http:// URL, got 'https://example.com/' (use the https or http2 scenario for https:// targets)",
    ]);
    const problems = https.validate(
      optionValues(https, { ...defaults, target: 'localhost:8443', closeEvery: 5 }),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /--close-every .* --target/);
  });
});
