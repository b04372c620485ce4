// A minimal HTTP/1.1 response parser for the raw client: status line, headers, and a body framed by
// Content-Length, chunked transfer coding, or the connection's close. Incremental (responses may arrive
// split at any byte, or several in one chunk when pipelined) and strict: bad framing is an error, never a
// guess, so every body counted was received whole.

export interface ParsedResponse {
  status: number;
  /** Body bytes received (after removing the chunked framing). */
  bodyBytes: number;
  /** False when the server said it will close the connection (Connection: close, or HTTP/1.0). */
  keepAlive: boolean;
}

export class HttpParseError extends Error {
  readonly code = 'HTTP_PARSE';
  constructor(message: string) {
    super(`malformed HTTP response: ${message}`);
    this.name = 'HttpParseError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** Larger heads (or chunk-size lines) than this are refused rather than buffered without end. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4096;

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

export class ResponseParser {
  private state: State = 'head';
  /** Bytes of a head or line not yet complete. */
  private pending: Buffer | undefined;
  private remaining = 0;
  private current: ParsedResponse = { status: 0, bodyBytes: 0, keepAlive: true };

  constructor(private readonly onResponse: (response: ParsedResponse) => void) {}

  /** True between responses: nothing of a next one received yet. */
  get idle(): boolean {
    return this.state === 'head' && this.pending === undefined;
  }

  feed(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case 'head': {
          const end = data.indexOf(HEAD_END, at);
          if (end < 0) {
            this.keep(data, at, MAX_HEAD_BYTES, 'header block');
            return;
          }
          this.head(data.toString('latin1', at, end));
          at = end + HEAD_END.length;
          break;
        }
        case 'length': {
          const take = Math.min(this.remaining, data.length - at);
          this.current.bodyBytes += take;
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.complete();
          break;
        }
        case 'chunk-size': {
          const end = data.indexOf(CRLF, at);
          if (end < 0) {
            this.keep(data, at, MAX_LINE_BYTES, 'chunk-size line');
            return;
          }
          this.remaining = chunkSize(data.toString('latin1', at, end));
          at = end + CRLF.length;
          this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          this.current.bodyBytes += take;
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = 'chunk-end';
          break;
        }
        case 'chunk-end': {
          if (data.length - at < CRLF.length) {
            this.keep(data, at, CRLF.length, 'chunk end');
            return;
          }
          if (data[at] !== 0x0d || data[at + 1] !== 0x0a)
            throw new HttpParseError('chunk data not followed by CRLF');
          at += CRLF.length;
          this.state = 'chunk-size';
          break;
        }
        case 'trailers': {
          const end = data.indexOf(CRLF, at);
          if (end < 0) {
            this.keep(data, at, MAX_HEAD_BYTES, 'trailer');
            return;
          }
          const empty = end === at; // the empty line that ends the trailers, and the message
          at = end + CRLF.length;
          if (empty) this.complete();
          break;
        }
        case 'until-close':
          this.current.bodyBytes += data.length - at;
          at = data.length;
          break;
      }
    }
  }

  /** The connection closed: ends a body that runs to the close; anything else half-received is an error. */
  end(): void {
    if (this.state === 'until-close') {
      this.current.keepAlive = false;
      this.complete();
      return;
    }
    if (!this.idle) throw new HttpParseError('the connection closed in the middle of a response');
  }

  private keep(data: Buffer, at: number, limit: number, what: string): void {
    if (data.length - at > limit) throw new HttpParseError(`${what} longer than ${limit} bytes`);
    this.pending = data.subarray(at);
  }

  private head(text: string): void {
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
    if (!status) throw new HttpParseError(`bad status line '${(lines[0] ?? '').slice(0, 80)}'`);
    const http10 = status[1] === '0';
    const code = Number(status[2]);
    let length: number | undefined;
    let chunked = false;
    let keepAlive = !http10;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpParseError(`bad header line '${line.slice(0, 80)}'`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value)) throw new HttpParseError(`bad Content-Length '${value.slice(0, 40)}'`);
        const n = Number(value);
        if (length !== undefined && length !== n)
          throw new HttpParseError('conflicting Content-Length headers');
        length = n;
      } else if (name === 'transfer-encoding') {
        const codings = value
          .toLowerCase()
          .split(',')
          .map((c) => c.trim());
        chunked = codings[codings.length - 1] === 'chunked';
        if (!chunked) throw new HttpParseError(`unsupported Transfer-Encoding '${value.slice(0, 40)}'`);
      } else if (name === 'connection') {
        const tokens = value
          .toLowerCase()
          .split(',')
          .map((t) => t.trim());
        if (tokens.includes('close')) keepAlive = false;
        else if (tokens.includes('keep-alive')) keepAlive = true;
      }
    }
    // 1xx answers are interim: the real response follows on the same connection.
    if (code >= 100 && code < 200) return;
    this.current = { status: code, bodyBytes: 0, keepAlive };
    if (code === 204 || code === 304) {
      this.complete();
      return;
    }
    if (chunked) {
      this.state = 'chunk-size';
    } else if (length !== undefined) {
      this.remaining = length;
      if (length === 0) this.complete();
      else this.state = 'length';
    } else {
      this.state = 'until-close';
    }
  }

  private complete(): void {
    const done = this.current;
    this.state = 'head';
    this.current = { status: 0, bodyBytes: 0, keepAlive: true };
    this.onResponse(done);
  }
}

function chunkSize(line: string): number {
  const hex = line.split(';', 1)[0]!.trim();
  if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new HttpParseError(`bad chunk size '${line.slice(0, 40)}'`);
  return Number.parseInt(hex, 16);
}
