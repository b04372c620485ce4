// tcp-echo's options, declared once: their kinds give the scenario its typed values. validate() checks
// what spans several options; closerOf() settles the one default that depends on another option.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { parseAddress } from './address.js';

export const options = {
  target: option.string({
    flag: '--target <address>',
    description: 'an external echo server as host:port (default: an in-process one on 127.0.0.1)',
    env: 'TCP_ECHO_TARGET',
  }),
  closingTarget: option.string({
    hidden: true,
    description:
      "where another thread reaches the in-process server's closing listener; with it, --closer server works against --target too",
  }),
  payload: option.int({
    flag: '--payload <bytes>',
    description: 'bytes per request; the response is the same bytes, verified',
    default: 64,
  }),
  poolSize: option.int({
    flag: '--pool-size <n>',
    description: 'most pooled connections per address (default: the concurrency)',
    usedBy: ['pooled'],
  }),
  idleTimeoutMs: option.duration({
    flag: '--idle-timeout <time>',
    description: 'close pooled connections idle this long; 0 = never (default 5m, as the seed)',
    default: 300_000,
    usedBy: ['pooled'],
  }),
  overflow: option.choice({
    flag: '--overflow <policy>',
    description: 'when every pooled connection is busy: wait for one, or open a direct one (the seed)',
    choices: ['wait', 'direct'],
    default: 'wait',
    usedBy: ['pooled'],
  }),
  closer: option.choice({
    flag: '--closer <side>',
    description:
      'which side closes a connect-per-op socket first and keeps its TIME_WAIT (default: server in-process, client with --target)',
    choices: ['server', 'client'],
    usedBy: ['unpooled'],
  }),
  chaos: option.choice({
    flag: '--chaos <kind>',
    description:
      'fault injection mid-window: reset-at-midpoint = the in-process server resets every socket; restart-server = it stops and comes back on the same port',
    choices: ['none', 'reset-at-midpoint', 'restart-server'],
    default: 'none',
  }),
};

export type TcpEchoOptions = OptionValues<typeof options>;

/** Cross-option problems, every one at once (single values are checked by the contract). */
export function validate(o: TcpEchoOptions): string[] {
  const problems: string[] = [];
  if (o.target !== undefined && !parseAddress(o.target)) {
    problems.push(`--target: expected host:port (e.g. 127.0.0.1:7), got '${o.target}'`);
  }
  if (o.target !== undefined && o.closingTarget === undefined) {
    if (o.closer === 'server') {
      problems.push(
        '--closer server needs the in-process echo server (a generic echo server never closes first); drop --target or use --closer client',
      );
    }
    if (o.chaos === 'restart-server') {
      problems.push(
        '--chaos restart-server restarts a server poolbench owns (the in-process echo server); poolbench does not own a --target server: drop --target',
      );
    } else if (o.chaos !== 'none') {
      problems.push(
        `--chaos ${o.chaos} resets the in-process server's sockets; it cannot be used with --target`,
      );
    }
  }
  return problems;
}

/** Who closes first: as asked, else the server in-process and the client against a generic --target. */
export function closerOf(o: TcpEchoOptions): 'server' | 'client' {
  return o.closer ?? (o.target !== undefined && o.closingTarget === undefined ? 'client' : 'server');
}
