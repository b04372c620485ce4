// The seed's pool warming, measured where it matters: the first burst of requests after start-up. A cold
// pool opens its connections inside those requests; a warm one opened them at start-up (timed as its own
// series, since an application pays it once, before serving).

import type { Experiment } from '../../src/scenario/index.js';
import { openConnection } from './connect.js';
import type { Endpoint } from './endpoint.js';
import { ClientPool } from './pool.js';
import type { Workload } from './workload.js';

export const COLD_START_XS = [1, 10, 50, 100];

export class ColdStartExperiment {
  /** Pools warmed by the 'start-up' series, each used by one run of the 'warm burst' series that follows. */
  private readonly warmed: ClientPool[] = [];

  constructor(
    private readonly endpoint: Endpoint,
    private readonly workload: Workload,
    private readonly connectionName: string,
  ) {}

  private newPool(size: number): ClientPool {
    return new ClientPool({
      size,
      healthCheck: 'off',
      healthCheckTtlMs: 0,
      connect: () => openConnection(this.endpoint, { name: this.connectionName }),
    });
  }

  private async burst(pool: ClientPool, x: number): Promise<void> {
    await Promise.all(Array.from({ length: x }, (_, i) => pool.pool.use((c) => this.workload.run(c, i))));
    // Not awaited: closing is not part of the burst (the QUITs are written at once).
    void pool.close();
  }

  experiment(): Experiment {
    return {
      id: 'cold-start',
      title: 'Pool warming: the first burst of x concurrent GET/SETs after start-up',
      xLabel: 'concurrent ops (= pool size)',
      xs: COLD_START_XS,
      // The driver runs, for each x, every repeat of one series before the next: the 'start-up' runs
      // leave their warmed pools for the 'warm pool' runs.
      series: [
        { name: 'cold pool: connections opened by the burst', run: (x) => this.burst(this.newPool(x), x) },
        {
          name: 'warm pool: pre-creating x connections (start-up)',
          run: async (x) => {
            const pool = this.newPool(x);
            await pool.warm();
            this.warmed.push(pool);
          },
        },
        {
          name: 'warm pool: the burst',
          run: async (x) => {
            let pool = this.warmed.shift();
            if (!pool) {
              // Only if the runs came in another order: warming inside the timing makes this series honest-but-slow.
              pool = this.newPool(x);
              await pool.warm();
            }
            await this.burst(pool, x);
          },
        },
      ],
      note: 'A warm pool moves the connects from the first requests to start-up; the cold burst pays them in its latency.',
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.warmed.splice(0).map((p) => p.close()));
  }
}
