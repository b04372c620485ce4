// postgres-crud under `poolbench calibrate`: a select by key over a pool of 10, as poolbench's pooled
// variant (its read phase), a bare pg.Pool loop and pgbench (extended protocol, as pg sends) on the same
// server. The loop and pgbench read a table of their own, created at open and dropped at close.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { CalibrationWorkload, NativeTool, ScenarioCalibration } from '../../src/calibrate/spec.js';

const CONCURRENCY = 10;
const ROWS = 10_000;
/** Records per phase for poolbench's own run: a read phase long enough to measure at ~10k queries/s. */
const RECORDS = 20_000;
const ignore = () => {};

/** libpq's variables for a postgres:// URL, so pgbench reaches the same server without a password on argv. */
function libpqEnv(url: string | undefined): Record<string, string> {
  if (!url) return {};
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = u.hostname.replace(/^\[|\]$/g, '');
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, '');
  if (db) env.PGDATABASE = decodeURIComponent(db);
  const host = u.searchParams.get('host');
  if (host) env.PGHOST = host;
  return env;
}

function pgbench(script: string, env: Record<string, string>): NativeTool {
  return {
    tool: 'pgbench',
    debianPackage: 'postgresql-contrib',
    command: ({ concurrency, durationS }) => ({
      args: [
        '-n',
        '-M',
        'extended',
        '-c',
        String(concurrency),
        '-j',
        '1',
        '-T',
        String(durationS),
        '-f',
        script,
      ],
      env,
      parse: (out) => {
        const m = /tps = ([\d.]+)/.exec(out);
        return m ? Number(m[1]) : undefined;
      },
    }),
  };
}

export const postgresCalibration: ScenarioCalibration = {
  scenario: 'postgres-crud',
  options: { records: RECORDS },
  async open(target) {
    const url = typeof target.pgUrl === 'string' ? target.pgUrl : undefined;
    // Without a URL the scenario reached its server through the PG* variables: pg reads them too.
    const config: pg.ClientConfig = url ? { connectionString: url } : {};
    const table = `poolbench_calibration_${randomBytes(4).toString('hex')}`;
    const control = new pg.Client({ ...config, application_name: `${table}-control` });
    control.on('error', ignore);
    await control.connect();
    const dir = await mkdtemp(join(tmpdir(), 'poolbench-calibration-'));
    const select = `SELECT id, username, email, created_at FROM ${table} WHERE username = `;
    try {
      await control.query(
        `CREATE TABLE ${table} (id serial PRIMARY KEY, username text UNIQUE NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
      );
      await control.query(
        `INSERT INTO ${table} (username, email) SELECT 'u' || n, 'u' || n || '@poolbench.invalid' FROM generate_series(0, ${ROWS - 1}) AS n`,
      );
      await control.query(`ANALYZE ${table}`);
    } catch (err) {
      await control.query(`DROP TABLE IF EXISTS ${table}`).catch(ignore);
      await control.end().catch(ignore);
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const script = join(dir, 'select-by-key.sql');
    await writeFile(script, `\\set n random(0, ${ROWS - 1})\n${select}'u' || :n;\n`);

    const selectByKey: CalibrationWorkload = {
      work: 'SELECT by key, pool of 10',
      concurrency: CONCURRENCY,
      unit: 'queries',
      variant: 'pooled',
      phase: 'read',
      hand: {
        library: 'pg.Pool',
        async open(concurrency) {
          const pool = new pg.Pool({ ...config, max: concurrency, application_name: `${table}-hand` });
          pool.on('error', ignore);
          // Connected before the window, as poolbench's pool is warmed.
          const warm = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
          for (const c of warm) c.release();
          let next = 0;
          const text = `${select}$1`;
          return {
            async op() {
              const key = `u${next++ % ROWS}`;
              const result = await pool.query(text, [key]);
              if (result.rowCount !== 1) throw new Error(`no row for ${key}`);
            },
            close: () => pool.end(),
          };
        },
      },
      native: pgbench(script, libpqEnv(url)),
    };
    return {
      workloads: [selectByKey],
      async close() {
        try {
          await control.query(`DROP TABLE IF EXISTS ${table}`);
        } finally {
          await control.end().catch(ignore);
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  },
};
