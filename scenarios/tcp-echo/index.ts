// tcp-echo: the seed's Go TCP proxy pool, in Node. One echo of --payload bytes per op, over a connection
// opened for the op (`unpooled`) or borrowed from a pool of persistent ones (`pooled`).

import { defineScenario } from '../../src/scenario/index.js';
import { options, validate } from './options.js';
import { openTcpEcho } from './session.js';
import { pooled, unpooled } from './variants.js';

export const tcpEcho = defineScenario({
  id: 'tcp-echo',
  description: 'Echo --payload bytes over TCP: a connection per op vs a pool of persistent sockets',
  options,
  validate,
  open: openTcpEcho,
  variants: { unpooled, pooled },
  baseline: 'unpooled',
  defaultConcurrency: [1, 50],
});
