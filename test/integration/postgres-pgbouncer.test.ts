// PgBouncer and postgres.js in postgres-crud, against the local PostgreSQL: PgBouncer started by poolbench
// (Debian's package) in front of it, every variant through every phase on the same table, PgBouncer and its
// folder gone afterwards; and without PgBouncer, its variants skipped with how to get it while the others run.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { findPgBouncer, HOW_TO_GET, resolvePgBouncer } from '../../scenarios/shared/postgres/pgbouncer.js';
import { resolveTarget } from '../../scenarios/shared/postgres/target.js';
import { createTestSchema, runCrud, runOf, type TestSchema } from '../helpers/postgres.js';

const VARIANTS = ['unpooled', 'pooled', 'pgbouncer', 'pooled-pgbouncer', 'pooled-postgresjs'];
const PHASES = ['create', 'read', 'update', 'delete'];
const pgbouncerFolders = () => readdirSync(tmpdir()).filter((n) => n.startsWith('poolbench-pgbouncer-'));

describe('postgres-crud with PgBouncer and postgres.js', { skip: !findPgBouncer() && 'no pgbouncer' }, () => {
  let schema: TestSchema;
  before(async () => {
    schema = await createTestSchema();
  });
  after(() => schema.drop());

  it('runs all five variants, PgBouncer started by poolbench, and leaves nothing behind', async () => {
    const before = new Set(pgbouncerFolders());
    const result = await runCrud(
      { pgUrl: schema.url, records: 50 },
      { concurrency: [4], variants: VARIANTS },
    );
    assert.equal(result.skipped, undefined, JSON.stringify(result.skipped));
    for (const variant of VARIANTS) {
      for (const phase of PHASES) {
        const run = runOf(result, variant, phase);
        assert.equal(run.status, 'completed', `${variant} ${phase}: ${run.error}`);
        assert.equal(run.errors, 0, `${variant} ${phase}: ${JSON.stringify(run.errorHints)}`);
        assert.equal(run.ops, 50);
      }
    }
    // A connection per op through PgBouncer: no reuse on the client side; the pools reuse theirs.
    assert.equal(runOf(result, 'pgbouncer', 'read').pool?.reuseRate, 0);
    assert.ok(runOf(result, 'pgbouncer', 'read').breakdownMs?.connect, 'TCP + auth to PgBouncer is timed');
    for (const variant of ['pooled-pgbouncer', 'pooled-postgresjs']) {
      assert.equal(runOf(result, variant, 'read').pool?.opened, 0, `${variant}: warmed before the window`);
    }
    const pgb = runOf(result, 'pgbouncer', 'read').details ?? {};
    assert.match(String(pgb.via), /PgBouncer .*started by poolbench .*transaction mode/);
    assert.match(String(runOf(result, 'pooled-postgresjs', 'read').details?.client), /^postgres 3\.4\.\d+$/);
    assert.match(String(runOf(result, 'pooled', 'read').details?.client), /^pg 8\.\d+\.\d+$/);
    assert.deepEqual(
      pgbouncerFolders().filter((n) => !before.has(n)),
      [],
      'the PgBouncer folder is removed',
    );
    const { rows } = await schema.admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'poolbench-%' AND pid <> pg_backend_pid()",
    );
    assert.ok(rows[0].n <= 1, 'no connection of the run is left (the schema admin aside)');
  });

  it('reaches a PgBouncer given by --pgbouncer-url instead of starting one', async () => {
    const controller = new AbortController();
    const target = await resolveTarget(schema.url, {}, controller.signal);
    const started = await resolvePgBouncer(undefined, target, 2, controller.signal);
    assert.ok(started.ok, started.ok ? '' : started.why);
    try {
      const result = await runCrud(
        { pgUrl: schema.url, records: 20, pgbouncerUrl: started.pgbouncer.remoteUrl },
        { concurrency: [2], variants: ['pgbouncer'] },
      );
      assert.equal(runOf(result, 'pgbouncer', 'total').errors, 0);
      assert.match(String(runOf(result, 'pgbouncer', 'read').details?.via), /from --pgbouncer-url/);
      // The given PgBouncer is the user's: still running after the run.
      const client = new pg.Client(started.pgbouncer.config);
      await client.connect();
      await client.end();
    } finally {
      await started.pgbouncer.stop();
    }
  });
});

describe('postgres-crud without PgBouncer', () => {
  it('says how to get it, and the run goes on without its variants', async () => {
    const controller = new AbortController();
    const target = await resolveTarget('postgres://postgres@127.0.0.1:5432/test', {}, controller.signal);
    const found = await resolvePgBouncer(undefined, target, 20, controller.signal, () => undefined);
    assert.equal(found.ok, false);
    assert.ok(!found.ok && found.why.endsWith(HOW_TO_GET));
  });
});
