// A client library's repeated warning, caught and counted instead of printed. ioredis, for one, calls
// console.warn on every connection whose password the server does not need: 3,851 lines for a one-second
// unpooled run. While a capture is on, whatever goes through console (warn, error, log, info, debug) or
// process.emitWarning is counted per message, named after the package that printed it (from the call's
// stack), and handed back to go into the result: one line each, with its count. Direct writes to
// process.stderr are left alone: poolbench's own progress and messages go there.

import { format } from 'node:util';

export interface CapturedWarning {
  /** The npm package that printed it ('ioredis'), 'poolbench', or 'node'. */
  source: string;
  message: string;
  count: number;
}

type Counts = Map<string, CapturedWarning>;

const CONSOLE_METHODS = ['warn', 'error', 'log', 'info', 'debug'] as const;
const MAX_MESSAGE_CHARS = 300;
const active = new Set<Counts>();
let restore: (() => void) | undefined;

/** The package of the first stack frame outside this file and Node's internals. */
function sourceOfCall(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const here = import.meta.url.replace(/^file:\/\//, '');
  const frames = stack.split('\n').slice(1);
  const caller = frames.find((f) => !f.includes(here) && !/\(node:|at node:|\(<anonymous>\)/.test(f));
  if (!caller) return 'node';
  const inPackage = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(caller);
  return inPackage?.[1] ?? 'poolbench';
}

/** First line, without the level tag libraries put in front ("[WARN] "), and not too long. */
function tidy(text: string): string {
  const line = text
    .split('\n')[0]!
    .replace(/^\s*\[(?:warn|warning|info)\]\s*/i, '')
    .trim();
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}

function count(text: string): void {
  const message = tidy(text);
  for (const counts of active) {
    const seen = counts.get(message);
    if (seen) seen.count++;
    else counts.set(message, { source: sourceOfCall(), message, count: 1 });
  }
}

function install(): () => void {
  const saved = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
  for (const name of CONSOLE_METHODS) console[name] = (...args: unknown[]) => count(format(...args));
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, kind?: string | { type?: string }) => {
    const type = typeof kind === 'string' ? kind : (kind?.type ?? 'Warning');
    count(warning instanceof Error ? `${warning.name}: ${warning.message}` : `${type}: ${warning}`);
  }) as typeof process.emitWarning;
  return () => {
    for (const [name, fn] of saved) console[name] = fn;
    process.emitWarning = emitWarning;
  };
}

/** Starts catching what libraries print; stop() puts console back (once no capture is left) and returns the counts. */
export function captureWarnings(): { stop(): CapturedWarning[] } {
  const counts: Counts = new Map();
  active.add(counts);
  restore ??= install();
  return {
    stop() {
      active.delete(counts);
      if (active.size === 0 && restore) {
        restore();
        restore = undefined;
      }
      return [...counts.values()];
    },
  };
}

/** Adds warnings caught elsewhere (a worker thread's own console) to every capture in progress. */
export function recordWarnings(warnings: readonly CapturedWarning[]): void {
  for (const w of warnings) {
    for (const counts of active) {
      const seen = counts.get(w.message);
      if (seen) seen.count += w.count;
      else counts.set(w.message, { ...w });
    }
  }
}

/** The line a result keeps: "ioredis: This Redis server's `default` user … (×3,851)". */
export function describeWarning(w: CapturedWarning): string {
  return `${w.source}: ${w.message} (${w.count === 1 ? 'once' : `×${w.count.toLocaleString('en-US')}`})`;
}
