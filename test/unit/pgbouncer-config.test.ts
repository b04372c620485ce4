// The PgBouncer poolbench starts: the config it generates (transaction pooling, loopback only, the target's
// authentication mirrored), and the driver's handling of variants a session cannot run (skipped, not failed).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamOf } from '../../scenarios/shared/postgres/pgbouncer.js';
import { pgbouncerIni } from '../../scenarios/shared/postgres/pgbouncer-process.js';
import type { PgTarget } from '../../scenarios/shared/postgres/target.js';
import { runScenario } from '../../src/driver/run-scenario.js';
import { defineScenario } from '../../src/scenario/index.js';
import { testSettings } from '../helpers/driver.js';

const target = (connectionString: string): PgTarget => ({
  kind: 'url',
  source: '--pg-url',
  displayUrl: connectionString,
  config: { connectionString },
  stop: async () => {},
});

describe('the generated PgBouncer config', () => {
  it('pools in transaction mode on loopback, forwarding to the target, with SCRAM when it has a password', () => {
    const upstream = upstreamOf(target('postgres://alice:s3cret@db.example:5433/orders'));
    assert.deepEqual(upstream, {
      host: 'db.example',
      port: 5433,
      database: 'orders',
      user: 'alice',
      password: 's3cret',
    });
    const ini = pgbouncerIni({ binary: 'pgbouncer', upstream, poolSize: 7 }, 6999, '/tmp/x');
    assert.match(ini, /^orders = host='db.example' port=5433 dbname='orders' user='alice'$/m);
    assert.match(ini, /^listen_addr = 127\.0\.0\.1$/m);
    assert.match(ini, /^listen_port = 6999$/m);
    assert.match(ini, /^pool_mode = transaction$/m);
    assert.match(ini, /^default_pool_size = 7$/m);
    assert.match(ini, /^auth_type = scram-sha-256$/m);
    assert.match(ini, /^auth_file = \/tmp\/x\/userlist\.txt$/m);
    assert.doesNotMatch(ini, /s3cret/, 'the password goes to the auth file only');
  });

  it('trusts its clients when the target has no password, so both routes pay the same authentication', () => {
    const upstream = upstreamOf(target('postgres://postgres@127.0.0.1:5432/test'));
    assert.equal(upstream.password, undefined);
    const ini = pgbouncerIni({ binary: 'pgbouncer', upstream, poolSize: 20 }, 1, '/tmp/y');
    assert.match(ini, /^auth_type = trust$/m);
  });

  it("quotes a database name that is not a plain word, and a value's quotes", () => {
    const upstream = { host: '/var/run/postgresql', port: 5432, database: "o'brien db", user: 'u' };
    const ini = pgbouncerIni({ binary: 'pgbouncer', upstream, poolSize: 1 }, 1, '/tmp/z');
    assert.match(
      ini,
      /^"o'brien db" = host='\/var\/run\/postgresql' port=5432 dbname='o''brien db' user='u'$/m,
    );
  });
});

describe('variants a session cannot run', () => {
  const scenario = defineScenario({
    id: 'skips',
    description: 'a session that cannot run one of its variants',
    open: async () => ({ skipped: { far: 'no far server here: install one' } }),
    variants: {
      near: () => ({ op: async () => {} }),
      far: () => ({
        op: async () => {
          throw new Error('must not run');
        },
      }),
    },
  });

  it('are skipped with their reason, and the others run', async () => {
    const result = await runScenario(
      scenario,
      {},
      {},
      testSettings({ ops: 5 }),
      new AbortController().signal,
    );
    assert.deepEqual(
      result.runs.map((r) => r.variant),
      ['near'],
    );
    assert.deepEqual(result.skipped, { far: 'no far server here: install one' });
    assert.ok(result.warnings.includes('far skipped: no far server here: install one'));
  });

  it('are not mentioned when the run did not ask for them', async () => {
    const result = await runScenario(
      scenario,
      {},
      {},
      testSettings({ ops: 5, variants: ['near'] }),
      new AbortController().signal,
    );
    assert.equal(result.skipped, undefined);
    assert.ok(!result.warnings.some((w) => w.includes('skipped')), result.warnings.join('; '));
  });
});
