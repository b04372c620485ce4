// The one registry of scenarios. Adding a scenario = one import and one entry here.

import type { Scenario } from '../src/driver/scenario.js';
import { noop } from './noop/index.js';

export const scenarios: readonly Scenario[] = [
  noop,
  // register: tcp-echo
  // register: postgres-crud
  // register: redis
  // register: http
  // register: worker-pool
];

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
