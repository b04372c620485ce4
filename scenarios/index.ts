// The one registry of scenarios. Adding a scenario = one import and one entry here.

import type { Scenario } from '../src/driver/scenario.js';
import { http1, http2, https } from './http/index.js';
import { noop } from './noop/index.js';
import { postgresCrud } from './postgres-crud/index.js';
import { redis } from './redis/index.js';
import { tcpEcho } from './tcp-echo/index.js';
import { workerPool } from './worker-pool/index.js';

export const scenarios: readonly Scenario[] = [
  noop,
  tcpEcho,
  postgresCrud,
  redis,
  http1,
  https,
  http2,
  workerPool,
];

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
