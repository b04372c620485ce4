// postgres-crud against the real local PostgreSQL: both variants through every phase, and the table rules:
// the user's tables are never touched, a same-named table without poolbench's marker is refused, a marked
// table left by another run is kept as found, and an interrupted run still cleans up.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresCrud } from '../../scenarios/postgres-crud/index.js';
import { markerFor } from '../../scenarios/postgres-crud/table.js';
import { connectionLimitWarning, type ServerFacts } from '../../scenarios/shared/postgres/server-limits.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { TargetError } from '../../src/errors.js';
import { createTestSchema, runCrud, runOf, type TestSchema } from '../helpers/postgres.js';

const PHASES = ['create', 'read', 'update', 'delete'];

describe('postgres-crud on the local server', () => {
  let schema: TestSchema;
  before(async () => {
    schema = await createTestSchema();
  });
  after(() => schema.drop());

  it('runs both variants through every phase and leaves no rows and no table', async () => {
    const result = await runCrud({ pgUrl: schema.url, records: 100 });
    assert.equal(result.target.embedded, false);
    assert.match(result.target.description, /^PostgreSQL \d+/);
    assert.ok(result.target.serverVersion);
    for (const variant of ['unpooled', 'pooled']) {
      for (const phase of [...PHASES, 'total']) {
        const run = runOf(result, variant, phase);
        assert.equal(run.status, 'completed', `${variant} ${phase}: ${run.error}`);
        assert.equal(run.errors, 0, `${variant} ${phase}: ${JSON.stringify(run.errorHints)}`);
        assert.equal(run.ops, phase === 'total' ? 400 : 100);
      }
      for (const phase of PHASES) {
        const run = runOf(result, variant, phase);
        if (variant === 'unpooled') {
          // The connection tax, op by op: a socket per op, connect and query timed apart.
          assert.equal(run.pool?.opened, 100);
          assert.equal(run.pool?.reuseRate, 0);
          assert.ok(run.breakdownMs?.connect && run.breakdownMs.query, `${phase} breakdown`);
        } else {
          // Warmed before the measured window: no connection opened inside it.
          assert.equal(run.pool?.opened, 0);
          assert.equal(run.pool?.reuseRate, 1);
          assert.equal(run.details?.warmed, true);
          assert.match(String(run.details?.pool), /warmed: 10 connections/);
        }
      }
    }
    const total = result.comparisons.find((c) => c.variant === 'pooled' && c.phase === 'total');
    // The effect is large (a backend fork and authentication per op); the margin is generous.
    assert.ok(total && total.throughputRatio > 1.5, `pooled/unpooled ${total?.throughputRatio}`);
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });

  it('measures the cold start with --cold: the pool opens its connections inside the first phase', async () => {
    const result = await runCrud({ pgUrl: schema.url, records: 40, cold: true }, { variants: ['pooled'] });
    const create = runOf(result, 'pooled', 'create');
    assert.equal(create.errors, 0);
    assert.ok((create.pool?.opened ?? 0) > 0, `opened ${create.pool?.opened}`);
    assert.equal(create.details?.warmed, false);
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });

  it("leaves the user's own users table and its rows untouched", async () => {
    const { admin, name } = schema;
    await admin.query(`CREATE TABLE ${name}.users (
      id SERIAL PRIMARY KEY, username VARCHAR(50) UNIQUE NOT NULL, email VARCHAR(100) UNIQUE NOT NULL,
      created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW())`);
    await admin.query(
      `INSERT INTO ${name}.users (username, email) VALUES ('alice', 'a@x.org'), ('bob', 'b@x.org'), ('carol', 'c@x.org')`,
    );
    const snapshot = async () =>
      (
        await admin.query(
          `SELECT md5(string_agg(u::text, ',' ORDER BY id)) AS rows,
                  (SELECT string_agg(column_name || data_type, ',' ORDER BY ordinal_position)
                     FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users') AS columns
             FROM ${name}.users u`,
          [name],
        )
      ).rows[0];
    const before = await snapshot();
    const result = await runCrud({ pgUrl: schema.url, records: 30 }, { concurrency: [5] });
    assert.ok(result.runs.every((r) => r.status === 'completed' && r.errors === 0));
    assert.deepEqual(await snapshot(), before);
    assert.equal(await schema.tableExists('poolbench_users'), false);
    await admin.query(`DROP TABLE ${name}.users`);
  });

  it('refuses a poolbench_users table it did not create, and leaves it as found', async () => {
    const { admin, name } = schema;
    await admin.query(`CREATE TABLE ${name}.poolbench_users (id int, username text)`);
    await admin.query(`INSERT INTO ${name}.poolbench_users VALUES (1, 'someone else')`);
    await assert.rejects(
      openScenario(postgresCrud, { pgUrl: schema.url, records: 10 }, new AbortController().signal),
      (err: unknown) =>
        err instanceof TargetError && err.exitCode === 1 && /not created by poolbench/.test(err.message),
    );
    const { rows } = await admin.query(
      `SELECT (SELECT count(*)::int FROM ${name}.poolbench_users) AS n,
              obj_description(to_regclass($1), 'pg_class') AS comment`,
      [`${name}.poolbench_users`],
    );
    assert.deepEqual(rows[0], { n: 1, comment: null });
    await admin.query(`DROP TABLE ${name}.poolbench_users`);
  });

  it('uses a marked table left by another run, touching only its own rows, and keeps the table', async () => {
    const { admin, name } = schema;
    await admin.query(`CREATE TABLE ${name}.poolbench_users (
      id serial PRIMARY KEY, username varchar(50) UNIQUE NOT NULL, email varchar(100) UNIQUE NOT NULL,
      created_at timestamptz DEFAULT now())`);
    await admin.query(`COMMENT ON TABLE ${name}.poolbench_users IS '${markerFor('deadbeef')}'`);
    await admin.query(
      `INSERT INTO ${name}.poolbench_users (username, email) VALUES ('pb-deadbeef-1-0', 'o@x')`,
    );
    const result = await runCrud({ pgUrl: schema.url, records: 30 }, { concurrency: [5] });
    assert.ok(result.runs.every((r) => r.status === 'completed' && r.errors === 0));
    assert.match(
      result.notes.join('\n'),
      /already existed \(left behind by poolbench run deadbeef.*kept as found/,
    );
    const { rows } = await admin.query(`SELECT username FROM ${name}.poolbench_users`);
    assert.deepEqual(rows, [{ username: 'pb-deadbeef-1-0' }]);
    await admin.query(`DROP TABLE ${name}.poolbench_users`);
  });

  it('keeps the table it created while another run still uses it', async () => {
    const { admin, name } = schema;
    // What every live poolbench run holds on its control connection.
    const key = `poolbench:"${name}"."poolbench_users"`;
    await admin.query('SELECT pg_advisory_lock_shared(hashtextextended($1, 0))', [key]);
    try {
      const result = await runCrud(
        { pgUrl: schema.url, records: 20 },
        { concurrency: [4], variants: ['pooled'] },
      );
      assert.ok(result.runs.every((r) => r.status === 'completed' && r.errors === 0));
      assert.equal(await schema.tableExists('poolbench_users'), true);
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${name}.poolbench_users`);
      assert.equal(rows[0].n, 0);
    } finally {
      await admin.query('SELECT pg_advisory_unlock_shared(hashtextextended($1, 0))', [key]);
    }
    await admin.query(`DROP TABLE ${name}.poolbench_users`);
  });

  it('warns when --pool-size exceeds the connections the server allows', async () => {
    // Only the unpooled variant runs: the warning is about the pool, no pool is opened on the shared server.
    const result = await runCrud(
      { pgUrl: schema.url, records: 10, poolSize: 5000 },
      { concurrency: [2], variants: ['unpooled'] },
    );
    assert.match(
      result.warnings.join('\n'),
      /--pool-size 5000 .*exceeds the \d+ connections the server allows/,
    );
  });

  it('cleans up after an interrupted run, and close() is safe to call twice', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const result = await runCrud(
      { pgUrl: schema.url, records: 100_000 },
      { concurrency: [5], variants: ['pooled'] },
      controller.signal,
    );
    const create = runOf(result, 'pooled', 'create');
    assert.ok(create.ops > 0 && create.ops < 100_000, `ops ${create.ops}`);
    assert.equal(await schema.tableExists('poolbench_users'), false);

    const session = await openScenario(
      postgresCrud,
      { pgUrl: schema.url, records: 1 },
      new AbortController().signal,
    );
    assert.equal(await schema.tableExists('poolbench_users'), true);
    await Promise.all([session.close(), session.close()]);
    await session.close();
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });
});

describe('postgres-crud connection limit warnings', () => {
  const facts = (over: Partial<ServerFacts> = {}): ServerFacts => ({
    version: '16.0',
    database: 'db',
    user: 'app',
    schema: 'public',
    maxConnections: 100,
    superuserReserved: 3,
    reserved: 2,
    superuser: false,
    usable: 95,
    ...over,
  });

  it('says nothing when the connections fit', () => {
    assert.equal(connectionLimitWarning(facts(), 'pooled', 50, 10), undefined);
  });

  it('warns, with the arithmetic, when a variant needs more than the role may open', () => {
    const warning = connectionLimitWarning(facts(), 'unpooled at c=100', 100, 1);
    assert.match(
      warning ?? '',
      /unpooled at c=100 needs 100 connections .*max_connections 100 - superuser_reserved_connections 3 - reserved_connections 2 = 95/,
    );
  });

  it('warns when the slots left by other clients are too few', () => {
    assert.match(
      connectionLimitWarning(facts(), 'pooled', 50, 60) ?? '',
      /only 35 of the 95 slots are free \(60 clients connected\)/,
    );
  });
});
