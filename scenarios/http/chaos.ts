// The seed's two chaos tests, for every variant: the thundering herd (N simultaneous requests on a client that
// has no connection open yet) as a timed experiment, and acquire/release churn (one request at a time on a
// warm client: pool acquire + request + release, or connect + request + close) as a micro-benchmark.

import type { Experiment, MicroTask, OpInfo, VariantRun } from '../../src/scenario/index.js';

/** A variant the experiments set up themselves, at a concurrency of their choosing. */
export interface VariantMaker {
  name: string;
  setup(concurrency: number): VariantRun;
}

/** Requests outside the driver's windows: no step timing, op numbers from 1 (0 marks a window start). */
const opInfo = (n: number): OpInfo => ({ worker: 0, iteration: n + 1, time: (_step, fn) => fn() });

export interface BurstTally {
  requests: number;
  failed: number;
}

export function burstExperiment(
  variants: readonly VariantMaker[],
  burst: number,
  tally: BurstTally,
): Experiment {
  const xs = [...new Set([Math.ceil(burst / 10), Math.ceil(burst / 2), burst])];
  return {
    id: 'burst',
    title: `Thundering herd: N simultaneous requests on a cold client (up to --burst ${burst})`,
    xLabel: 'simultaneous requests',
    xs,
    series: variants.map((variant) => ({
      name: variant.name,
      async run(x: number) {
        // A pool sized for the herd (or --pool-size): each pooled variant opens what it would at start-up.
        const run = variant.setup(x);
        try {
          const outcomes = await Promise.allSettled(Array.from({ length: x }, (_, i) => run.op(opInfo(i))));
          tally.requests += x;
          tally.failed += outcomes.filter((o) => o.status === 'rejected').length;
        } finally {
          await run.teardown?.();
        }
      },
    })),
    // Read after the runs, so it can say how many requests failed.
    get note() {
      return `Time from a freshly created client (no connection open) until all N answered, set-up and close included; ${tally.failed} of ${tally.requests} requests failed.`;
    },
  };
}

/** `method`: the request each cycle sends (GET unless --method), named in the task. */
export function churnTasks(variants: readonly VariantMaker[], method = 'GET'): MicroTask[] {
  return variants.map((variant) => {
    let run: VariantRun | undefined;
    let n = 0;
    return {
      name: `${variant.name}: acquire+${method}+release`,
      // tinybench calls these around its warm-up and again around the timed run.
      beforeAll: async () => {
        run = variant.setup(1);
        await run.op(opInfo(n++));
      },
      // An async function, so tinybench awaits it (it runs a plain function's returned promise as sync).
      fn: async () => {
        await run!.op(opInfo(n++));
      },
      afterAll: async () => {
        await run?.teardown?.();
        run = undefined;
      },
    };
  });
}
