// tcp-echo's options: the specs the CLI parses and validates, and their typed reading.

import type { OptionSpec, OptionValues } from '../../src/driver/scenario.js';
import type { OverflowPolicy } from '../shared/resource-pool.js';

export type Closer = 'client' | 'server';
export type Chaos = 'none' | 'reset-at-midpoint';

export interface Address {
  host: string;
  port: number;
}

export interface TcpEchoOptions {
  /** An external echo server; undefined = the in-process one. */
  target: Address | undefined;
  /**
   * Where another thread reaches the in-process server's closing listener (remoteOptions): not a user flag.
   * With it, `closer: 'server'` works against `target` too.
   */
  closingTarget: Address | undefined;
  payload: number;
  /** Pool max per address; undefined = the run's concurrency. */
  poolSize: number | undefined;
  idleTimeoutMs: number;
  overflow: OverflowPolicy;
  closer: Closer;
  chaos: Chaos;
}

/** Options another thread opens with to share this session's server (see ScenarioSession.remoteOptions). */
export const CLOSING_TARGET_KEY = 'closingTarget';

export const options: readonly OptionSpec[] = [
  {
    key: 'target',
    flags: '--target <address>',
    description: 'an external echo server as host:port (default: an in-process one on 127.0.0.1)',
    kind: 'string',
    env: 'TCP_ECHO_TARGET',
  },
  {
    key: 'payload',
    flags: '--payload <bytes>',
    description: 'bytes per request; the response is the same bytes, verified',
    kind: 'int',
    default: 64,
  },
  {
    key: 'poolSize',
    flags: '--pool-size <n>',
    description: 'most pooled connections per address (default: the concurrency)',
    kind: 'int',
  },
  {
    key: 'idleTimeoutMs',
    flags: '--idle-timeout <time>',
    description: 'close pooled connections idle this long; 0 = never (default 5m, as the seed)',
    kind: 'duration',
    default: 300_000,
  },
  {
    key: 'overflow',
    flags: '--overflow <policy>',
    description: 'when every pooled connection is busy: wait for one, or open a direct one (the seed)',
    kind: 'choice',
    choices: ['wait', 'direct'],
    default: 'wait',
  },
  {
    key: 'closer',
    flags: '--closer <side>',
    description:
      'which side closes a connect-per-op socket first and keeps its TIME_WAIT (default: server in-process, client with --target)',
    kind: 'choice',
    choices: ['server', 'client'],
  },
  {
    key: 'chaos',
    flags: '--chaos <kind>',
    description: 'fault injection: reset-at-midpoint = the in-process server resets every socket mid-window',
    kind: 'choice',
    choices: ['none', 'reset-at-midpoint'],
    default: 'none',
  },
];

/** 'host:port' or '[v6]:port'; undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

export function formatAddress({ host, port }: Address): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Cross-option problems, every one at once (single values are checked by the CLI). */
export function validate(values: OptionValues): string[] {
  const problems: string[] = [];
  const target = values.target;
  if (typeof target === 'string' && !parseAddress(target)) {
    problems.push(`--target: expected host:port (e.g. 127.0.0.1:7), got '${target}'`);
  }
  if (target !== undefined && values[CLOSING_TARGET_KEY] === undefined) {
    if (values.closer === 'server') {
      problems.push(
        '--closer server needs the in-process echo server (a generic echo server never closes first); drop --target or use --closer client',
      );
    }
    if (values.chaos !== undefined && values.chaos !== 'none') {
      problems.push(
        `--chaos ${values.chaos} resets the in-process server's sockets; it cannot be used with --target`,
      );
    }
  }
  return problems;
}

/** The typed options; call after validate() found no problem. */
export function readOptions(values: OptionValues): TcpEchoOptions {
  const address = (key: string) => (typeof values[key] === 'string' ? parseAddress(values[key]) : undefined);
  const target = address('target');
  const closingTarget = address(CLOSING_TARGET_KEY);
  return {
    target,
    closingTarget,
    payload: typeof values.payload === 'number' ? values.payload : 64,
    poolSize: typeof values.poolSize === 'number' ? values.poolSize : undefined,
    idleTimeoutMs: typeof values.idleTimeoutMs === 'number' ? values.idleTimeoutMs : 300_000,
    overflow: values.overflow === 'direct' ? 'direct' : 'wait',
    closer:
      values.closer === 'client' || values.closer === 'server'
        ? values.closer
        : target && !closingTarget
          ? 'client'
          : 'server',
    chaos: values.chaos === 'reset-at-midpoint' ? 'reset-at-midpoint' : 'none',
  };
}
