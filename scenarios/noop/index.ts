// The harness measuring itself: an op that resolves at once. Its latency and throughput are the driver's
// own cost per op, the floor under every other scenario's figures.

import type { Scenario } from '../../src/driver/scenario.js';

export const noop = {
  id: 'noop',
  description: "An op that resolves immediately: the harness's own cost per op",
  variants: ['noop'],
  baseline: 'noop',
  defaultConcurrency: [1],
  async open() {
    return {
      target: { description: 'none (in-process no-op)', embedded: true },
      async setup() {
        return {
          op: () => Promise.resolve(),
          async teardown() {},
        };
      },
      remoteOptions: () => ({}),
      async close() {},
    };
  },
} satisfies Scenario;
