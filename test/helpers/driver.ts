// Driver settings for tests: short, one trial, no micro-benchmarks or experiments, closed loop.

import type { DriverSettings } from '../../src/driver/run-scenario.js';

export function testSettings(over: Partial<DriverSettings> = {}): DriverSettings {
  return {
    concurrency: [4],
    warmupMs: 0,
    trials: 1,
    microTimeMs: 0,
    experiments: false,
    load: { model: 'closed' },
    ...over,
  };
}
