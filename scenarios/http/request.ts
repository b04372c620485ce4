// The request every op sends, when the user shapes it: --method, -H/--header (repeatable), --body or
// --body-file, and --expect-status (the answers that count as success; without it, any status below 400).
// Parsed and checked here once; the exchange sends it as it is, on every variant.

import { redactHeader } from '../../src/util/redact.js';
import { readUserFile } from '../shared/user-file.js';

export interface RequestShape {
  method: string;
  /** Lower-case names; a name given twice is sent twice. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** The statuses that count as success; undefined = any below 400. */
  expect?: readonly number[];
}

export interface RequestOptions {
  method: string | undefined;
  headers: readonly string[];
  body: string | undefined;
  bodyFile: string | undefined;
  expectStatus: readonly number[] | undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// poolbench opens, keeps and closes the connections itself: these would change what is measured.
const CONNECTION_HEADERS = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
  'te',
];

/** Every problem with the request options, each naming its flag; [] when fine. */
export function requestProblems(o: RequestOptions): string[] {
  const problems: string[] = [];
  if (o.method !== undefined && !TOKEN.test(o.method))
    problems.push(`--method: expected an HTTP method such as GET, POST or PUT, got '${o.method}'`);
  for (const line of o.headers) {
    const parsed = parseHeader(line);
    if ('problem' in parsed) problems.push(`-H, --header: ${parsed.problem}`);
  }
  if (o.body !== undefined && o.bodyFile !== undefined)
    problems.push('--body and --body-file both give the request body: give one');
  if (o.bodyFile !== undefined) {
    const read = readUserFile('--body-file', o.bodyFile);
    if ('problem' in read) problems.push(read.problem);
  }
  for (const status of o.expectStatus ?? []) {
    if (status < 100 || status > 599)
      problems.push(`--expect-status: ${status} is not an HTTP status (100 to 599)`);
  }
  return problems;
}

/** The request the options describe, over the target's own headers (a URL's user:password). */
export function requestShape(o: RequestOptions, base: Record<string, string | string[]>): RequestShape {
  const headers: Record<string, string | string[]> = { ...base };
  const given = new Set<string>();
  for (const line of o.headers) {
    const parsed = parseHeader(line);
    if ('problem' in parsed) throw new Error(`-H, --header: ${parsed.problem}`);
    const name = parsed.name.toLowerCase();
    const before = headers[name];
    // The user's header replaces the target's own (an Authorization from the URL); a repeat adds to it.
    headers[name] = given.has(name) && before !== undefined ? [before, parsed.value].flat() : parsed.value;
    given.add(name);
  }
  const body =
    o.body !== undefined ? Buffer.from(o.body) : o.bodyFile !== undefined ? fileBody(o.bodyFile) : undefined;
  return {
    method: (o.method ?? 'GET').toUpperCase(),
    headers,
    ...(body ? { body } : {}),
    ...(o.expectStatus ? { expect: o.expectStatus } : {}),
  };
}

/** What a result says of the request: no header values, only names (secret ones are never shown). */
export function describeRequest(r: RequestShape): Record<string, string | number> {
  return {
    requestMethod: r.method,
    ...(Object.keys(r.headers).length > 0 ? { requestHeaders: Object.keys(r.headers).join(', ') } : {}),
    ...(r.body ? { requestBodyBytes: r.body.length } : {}),
    ...(r.expect ? { expectStatus: r.expect.join(',') } : {}),
  };
}

function parseHeader(line: string): { name: string; value: string } | { problem: string } {
  const colon = line.indexOf(':');
  const name = colon < 0 ? '' : line.slice(0, colon).trim();
  const shown = redactHeader(line);
  if (colon < 0 || !TOKEN.test(name))
    return { problem: `expected 'Name: value' (e.g. -H 'Accept: application/json'), got '${shown}'` };
  if (CONNECTION_HEADERS.includes(name.toLowerCase()))
    return {
      problem: `'${name}' is poolbench's to set: the variants open, keep and close connections themselves (and size the body), got '${shown}'`,
    };
  return { name, value: line.slice(colon + 1).trim() };
}

function fileBody(path: string): Buffer {
  const read = readUserFile('--body-file', path);
  if ('problem' in read) throw new Error(read.problem);
  return read.data;
}
