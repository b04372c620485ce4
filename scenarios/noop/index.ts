// The harness measuring itself: an op that resolves at once. Its latency and throughput are the driver's
// own cost per op, the floor under every other scenario's figures.

import { defineScenario } from '../../src/scenario/index.js';

export const noop = defineScenario({
  id: 'noop',
  description: "An op that resolves immediately: the harness's own cost per op",
  defaultConcurrency: [1],
  open: async () => ({
    target: { description: 'none (in-process no-op)', embedded: true },
    // Nothing to reach: every worker thread runs it as it is.
    remoteOptions: () => ({}),
  }),
  variants: {
    noop: () => ({ op: () => Promise.resolve() }),
  },
});
