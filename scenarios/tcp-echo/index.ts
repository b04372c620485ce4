// tcp-echo: the seed's Go TCP proxy pool, in Node. One echo of --payload bytes per op, over a connection
// opened for the op (`unpooled`) or borrowed from a pool of persistent ones (`pooled`).

import type { Scenario } from '../../src/driver/scenario.js';
import { options, validate } from './options.js';
import { openTcpEcho } from './session.js';
import { VARIANTS } from './variants.js';

export const tcpEcho = {
  id: 'tcp-echo',
  description: 'Echo --payload bytes over TCP: a connection per op vs a pool of persistent sockets',
  variants: VARIANTS,
  baseline: 'unpooled',
  options,
  defaultConcurrency: [1, 50],
  validate,
  open: openTcpEcho,
} satisfies Scenario;
