// Driver settings for tests: short, one trial, no micro-benchmarks or experiments, closed loop at
// `concurrency` (default 4) unless a load is given.

import type { DriverSettings } from '../../src/driver/run-scenario.js';

export type TestSettings = Partial<DriverSettings> & { concurrency?: readonly number[] };

export function testSettings({ concurrency, ...over }: TestSettings = {}): DriverSettings {
  return {
    warmupMs: 0,
    trials: 1,
    microTimeMs: 0,
    experiments: false,
    load: { kind: 'closed', concurrency: concurrency ?? [4] },
    ...over,
  };
}
