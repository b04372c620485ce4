// Shared by the postgres-crud tests: the local server (DATABASE_URL or the trust-auth test database), a
// schema of its own per test so test files may run side by side, and short driver settings.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresCrud } from '../../scenarios/postgres-crud/index.js';
import { type DriverSettings, runScenario, type ScenarioObserver } from '../../src/driver/run-scenario.js';
import type { ScenarioResult } from '../../src/model/result.js';
import type { OptionBag } from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from './driver.js';

export const LOCAL_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const PG_ENV = ['DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'] as const;

export async function adminClient(url = LOCAL_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The URL with other credentials or another database; `search_path` pins the schema poolbench works in. */
export function urlWith(
  base: string,
  change: { user?: string; password?: string; port?: number; database?: string; searchPath?: string },
): string {
  const url = new URL(base);
  if (change.user !== undefined) url.username = change.user;
  if (change.password !== undefined) url.password = change.password;
  if (change.port !== undefined) url.port = String(change.port);
  if (change.database !== undefined) url.pathname = `/${change.database}`;
  if (change.searchPath !== undefined) url.searchParams.set('options', `-c search_path=${change.searchPath}`);
  return url.toString();
}

export interface TestSchema {
  name: string;
  /** LOCAL_URL with search_path set to this schema. */
  url: string;
  admin: pg.Client;
  tableExists(table: string): Promise<boolean>;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  const admin = await adminClient();
  const name = `poolbench_test_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    url: urlWith(LOCAL_URL, { searchPath: name }),
    admin,
    async tableExists(table) {
      const { rows } = await admin.query('SELECT to_regclass($1) IS NOT NULL AS found', [`${name}.${table}`]);
      return rows[0].found;
    },
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin.end();
    },
  };
}

export const shortSettings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [10], warmupMs: 0, ...over });

export function runCrud(
  options: OptionBag,
  over: TestSettings = {},
  signal = new AbortController().signal,
  observer: ScenarioObserver = {},
): Promise<ScenarioResult> {
  return runScenario(postgresCrud, options, {}, shortSettings(over), signal, observer);
}

export function runOf(result: ScenarioResult, variant: string, phase: string) {
  const run = result.runs.find((r) => r.variant === variant && r.phase === phase);
  if (!run) throw new Error(`no ${variant} ${phase} run`);
  return run;
}
