// The raw HTTP/1.1 client's response parser: whole responses however the bytes are split (every byte
// boundary), Content-Length, chunked (extensions, trailers), pipelined responses back to back, bodies that
// run to the close, and bad input refused with an error rather than guessed at.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HttpParseError,
  type ParsedResponse,
  ResponseParser,
} from '../../scenarios/http/raw/response-parser.js';

function parseAll(chunks: readonly Buffer[], close = false): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  const parser = new ResponseParser((r) => out.push(r));
  for (const c of chunks) parser.feed(c);
  if (close) parser.end();
  return out;
}

/** Every way to cut the bytes in two, and byte by byte: each must give the same responses. */
function assertEverySplit(text: string, expected: ParsedResponse[], close = false): void {
  const bytes = Buffer.from(text, 'latin1');
  assert.deepEqual(parseAll([bytes], close), expected, 'whole');
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(
      parseAll([bytes.subarray(0, cut), bytes.subarray(cut)], close),
      expected,
      `cut at ${cut}`,
    );
  }
  const single = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  assert.deepEqual(parseAll(single, close), expected, 'byte by byte');
}

const ok = (bodyBytes: number, keepAlive = true, status = 200): ParsedResponse => ({
  status,
  bodyBytes,
  keepAlive,
});

describe('raw HTTP response parser', () => {
  it('reads a Content-Length body split at every byte boundary', () => {
    assertEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: b\r\n\r\nhello world', [ok(11)]);
  });

  it('reads a chunked body with an extension and trailers, split at every byte boundary', () => {
    assertEverySplit(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n',
      [ok(31)],
    );
  });

  it('reads pipelined responses back to back, whatever their framing, split at every byte boundary', () => {
    assertEverySplit(
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc' +
        'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n' +
        'HTTP/1.1 204 No Content\r\n\r\n' +
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      [ok(3), ok(2, true, 404), ok(0, true, 204), ok(0, false)],
    );
  });

  it('reads a body that runs to the close, and HTTP/1.0 closes by default', () => {
    assertEverySplit('HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end', [ok(13, false)], true);
    assert.deepEqual(
      parseAll([Buffer.from('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx')]),
      [ok(1)],
    );
  });

  it('is idle between responses and not in the middle of one', () => {
    const parser = new ResponseParser(() => {});
    assert.ok(parser.idle);
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\na'));
    assert.ok(!parser.idle);
    assert.throws(() => parser.end(), /closed in the middle of a response/);
    parser.feed(Buffer.from('b'));
    assert.ok(parser.idle);
    parser.end();
  });

  it('refuses bad input with an HTTP_PARSE error', () => {
    const bad = [
      ['ICY 200 OK\r\n\r\n', /bad status line/],
      ['HTTP/1.1 20 OK\r\n\r\n', /bad status line/],
      ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /bad Content-Length/],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', /conflicting Content-Length/],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /bad header line/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', /unsupported Transfer-Encoding/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /bad chunk size/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY', /not followed by CRLF/],
    ] as const;
    for (const [text, message] of bad) {
      assert.throws(
        () => parseAll([Buffer.from(text, 'latin1')]),
        (err: unknown) =>
          err instanceof HttpParseError && err.code === 'HTTP_PARSE' && message.test(err.message),
        text,
      );
    }
    assert.throws(
      () => parseAll([Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)]),
      /longer than/,
    );
  });
});
