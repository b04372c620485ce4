// The one registry of scenarios. Adding a scenario = one import and one entry here. Each is located in
// this module, so a worker thread imports the same scenario by itself (the driver hands it no code).

import { locateScenario, type Scenario } from '../src/scenario/index.js';
import { http1, http2, https } from './http/index.js';
import { noop } from './noop/index.js';
import { postgresCrud } from './postgres-crud/index.js';
import { postgresQuery } from './postgres-query/index.js';
import { redis } from './redis/index.js';
import { tcpEcho } from './tcp-echo/index.js';
import { workerPool } from './worker-pool/index.js';

const builtIns = [
  noop,
  tcpEcho,
  postgresCrud,
  postgresQuery,
  redis,
  http1,
  https,
  http2,
  workerPool,
] satisfies readonly Scenario[];

export const scenarios: readonly Scenario[] = builtIns.map((s) =>
  locateScenario(s, { url: import.meta.url, export: 'scenarios' }),
);

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
