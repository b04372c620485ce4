// A poolbench worker process (Node): the same line-delimited JSON protocol as worker.py.
// Plain JavaScript so it runs from a source checkout and an installed package alike (dist/ holds no .mjs).
//
// Start-up: waits --init-ms (standing in for loading heavy modules), then prints {"ready":true,...}; if stdin
//           closes meanwhile (the harness is gone), it exits at once.
// Request:  {"id":1,"op":"calculate","expr":"(2+3)*4"} -> {"id":1,"result":20}
//           "fault":"crash" exits mid-task; "fault":"hang" never answers but still exits when stdin
//           closes, so a hung worker cannot outlive the harness. Errors: {"id":1,"error":"..."}.
// The expression is parsed by a small recursive-descent parser, never eval'd.

import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_EXPR_CHARS = 10_000;
const MAX_DEPTH = 100;

class ParseError extends Error {}

function calculate(text) {
  if (typeof text !== 'string' || text.length > MAX_EXPR_CHARS) {
    throw new ParseError(`expr must be a string of at most ${MAX_EXPR_CHARS} characters`);
  }
  let pos = 0;
  let depth = 0;
  const peek = () => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
    return text[pos] ?? '';
  };
  const enter = () => {
    if (++depth > MAX_DEPTH) throw new ParseError('expression nested too deeply');
  };
  const expr = () => {
    let value = term();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      pos++;
      const rhs = term();
      value = op === '+' ? value + rhs : value - rhs;
    }
    return value;
  };
  const term = () => {
    let value = unary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      pos++;
      const rhs = unary();
      if (op === '*') value *= rhs;
      else if (rhs === 0) throw new ParseError('division by zero');
      else value /= rhs;
    }
    return value;
  };
  const unary = () => {
    const ch = peek();
    if (ch !== '-' && ch !== '+') return primary();
    pos++;
    enter();
    const value = unary();
    depth--;
    return ch === '-' ? -value : value;
  };
  const primary = () => {
    if (peek() === '(') {
      pos++;
      enter();
      const value = expr();
      depth--;
      if (peek() !== ')') throw new ParseError(`missing ')' at ${pos}`);
      pos++;
      return value;
    }
    const start = pos;
    while (pos < text.length && /[0-9.]/.test(text[pos])) pos++;
    const token = text.slice(start, pos);
    if (token === '') throw new ParseError(`expected a number at ${start}`);
    if (!/^\d*\.?\d*$/.test(token) || token === '.') throw new ParseError(`bad number '${token}'`);
    return Number(token);
  };
  const value = expr();
  if (peek() !== '') throw new ParseError(`unexpected '${text[pos]}' at ${pos}`);
  if (!Number.isFinite(value)) throw new ParseError('result is not a finite number');
  return value;
}

async function work(ms, mode) {
  if (ms <= 0) return;
  if (mode === 'busy') {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      // spin: CPU-bound work, as a compute worker would do
    }
  } else {
    await sleep(ms);
  }
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

// stdout to a pipe is synchronous on Linux, so a reply is out before any following exit.
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    send({ id: null, error: 'request is not JSON' });
    return;
  }
  const id = request?.id ?? null;
  if (request?.fault === 'crash') process.exit(3);
  if (request?.fault === 'hang') {
    hung = true;
    return;
  }
  if (request?.op !== 'calculate') {
    send({ id, error: `unknown op '${request?.op}'` });
    return;
  }
  let result;
  try {
    result = calculate(request.expr);
  } catch (err) {
    send({ id, error: err instanceof ParseError ? err.message : String(err) });
    return;
  }
  await work(workMs, workMode);
  send({ id, result });
}

// Ctrl-C in a terminal reaches the whole process group: the harness decides when workers die.
process.on('SIGINT', () => {});
const initMs = Number(option('--init-ms', '0'));
const workMs = Number(option('--work-ms', '0'));
const workMode = option('--work-mode', 'sleep');
let hung = false;

let ready = false;
// One request at a time, in arrival order, like the Python worker; the first waits for the start-up.
let chain = (initMs > 0 ? sleep(initMs) : Promise.resolve()).then(() => {
  ready = true;
  send({ ready: true, pid: process.pid, kind: 'node' });
});
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on('line', (line) => {
  if (hung || line.trim() === '') return;
  chain = chain.then(() => handle(line));
});
// stdin closes when the harness is gone (even SIGKILLed): finish the task in hand, or quit the start-up.
lines.on('close', () => {
  if (!ready) process.exit(0);
  chain.then(() => process.exit(0));
});
