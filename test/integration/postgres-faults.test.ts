// postgres-crud when things go wrong: a target it cannot reach or use gives one clear TargetError line
// (exit code 1, password hidden) and leaves nothing behind; a full server gives counted "too many clients"
// errors with a hint, not a crash; killed backends mid-run are survived by the pooled variant.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { postgresCrud } from '../../scenarios/postgres-crud/index.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { TargetError } from '../../src/errors.js';
import { createTestSchema, runCrud, runOf, type TestSchema, urlWith } from '../helpers/postgres.js';

const SECRET = `s3cret-${randomBytes(4).toString('hex')}`;
const signal = new AbortController().signal;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Opening must fail with one TargetError line, password hidden, matching `pattern`. */
async function assertTargetError(url: string, pattern: RegExp): Promise<void> {
  await assert.rejects(openScenario(postgresCrud, { pgUrl: url, records: 10 }, signal), (err: unknown) => {
    assert.ok(err instanceof TargetError, `not a TargetError: ${err}`);
    assert.equal(err.exitCode, 1);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes(SECRET), `password shown: ${err.message}`);
    assert.ok(!err.message.includes('\n'), 'more than one line');
    return true;
  });
}

describe('postgres-crud faults', () => {
  let schema: TestSchema;
  const roles: string[] = [];
  /** A login role on the local server with `attrs`, allowed to use (not create in) the test schema. */
  const createRole = async (attrs = '') => {
    const role = `poolbench_test_${randomBytes(4).toString('hex')}`;
    await schema.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}' ${attrs}`);
    await schema.admin.query(`GRANT USAGE ON SCHEMA ${schema.name} TO ${role}`);
    roles.push(role);
    return role;
  };
  before(async () => {
    schema = await createTestSchema();
  });
  after(async () => {
    // Tables a role created go with the schema, before the role itself.
    await schema.admin.query(`DROP SCHEMA ${schema.name} CASCADE`);
    for (const role of roles) await schema.admin.query(`DROP ROLE IF EXISTS ${role}`);
    await schema.drop();
  });

  it('names an unreachable server, with the password hidden', async () => {
    const port = await closedPort();
    const url = urlWith(schema.url, { password: SECRET, port });
    await assertTargetError(
      url,
      new RegExp(`postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/.*connection refused`),
    );
  });

  it('names a login the server refuses (a role that does not exist)', async () => {
    // The local server trusts every local login, so a wrong password passes here; the embedded tests check
    // a wrong password against a server that asks for one.
    const url = urlWith(schema.url, { user: 'poolbench_no_such_role', password: SECRET });
    await assertTargetError(url, /refused the login .*poolbench_no_such_role.*check the user name/);
  });

  it('names a missing database', async () => {
    const url = urlWith(schema.url, { database: 'poolbench_no_such_db', password: SECRET });
    await assertTargetError(url, /database "poolbench_no_such_db" does not exist .*createdb/);
  });

  it('names a user without permission to create the table, and creates nothing', async () => {
    const role = await createRole();
    const url = urlWith(schema.url, { user: role, password: SECRET });
    await assertTargetError(
      url,
      /no permission to create table poolbench_test_\w+\.poolbench_users .*GRANT CREATE/,
    );
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });

  it('counts "too many clients" errors with a hint instead of crashing', async () => {
    // A role's CONNECTION LIMIT fails connections with the same SQLSTATE (53300) as max_connections.
    const role = await createRole('CONNECTION LIMIT 3');
    await schema.admin.query(`GRANT CREATE ON SCHEMA ${schema.name} TO ${role}`);
    const url = urlWith(schema.url, { user: role, password: SECRET });
    // unpooled and pooled only: a PgBouncer variant's server connections (idle in its pool between trials)
    // would hold the role's three slots for the whole run.
    const result = await runCrud(
      { pgUrl: url, records: 40 },
      { concurrency: [8], variants: ['unpooled', 'pooled'] },
    );
    for (const variant of ['unpooled', 'pooled']) {
      const total = runOf(result, variant, 'total');
      assert.equal(total.status, 'completed', `${variant}: ${total.error}`);
      assert.ok(total.ops > 0, `${variant} ops`);
      assert.ok((total.errorKinds['53300'] ?? 0) > 0, `${variant}: ${JSON.stringify(total.errorKinds)}`);
      const create = runOf(result, variant, 'create');
      assert.match(create.errorHints?.['53300'] ?? '', /connection limit was reached.*lower -c/);
    }
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });

  it('survives killed backends mid-run in the pooled variant, counting errors and reporting recovery', async () => {
    const result = await runCrud(
      { pgUrl: schema.url, records: 300, chaos: 'kill-backends' },
      { concurrency: [10], variants: ['pooled'] },
    );
    let errors = 0;
    for (const phase of ['create', 'read', 'update', 'delete']) {
      const run = runOf(result, 'pooled', phase);
      assert.equal(run.status, 'completed', `${phase}: ${run.error}`);
      assert.ok(run.ops > 0, `${phase} ops`);
      assert.match(String(run.details?.chaos), /kill-backends: ([1-9]\d*) backends terminated/);
      // The pool replaced the connections it lost.
      assert.ok((run.pool?.opened ?? 0) > 0, `${phase} opened ${run.pool?.opened}`);
      if (run.errors > 0) {
        assert.ok(run.recovery, `${phase}: errors but no recovery block`);
        assert.notEqual(run.recovery.recoveryMs, null, `${phase} never recovered`);
      }
      errors += run.errors;
    }
    assert.ok(errors > 0, 'no op failed although backends were killed');
    assert.ok(!result.warnings.some((w) => /fault injection failed/.test(w)), result.warnings.join('\n'));
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });
});
