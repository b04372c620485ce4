// postgres-crud's default target: with no DATABASE_URL and no PG* variable, an embedded throwaway
// PostgreSQL that is stopped and removed afterwards: after a run, after an interrupted run, and when the
// process exits without closing it. It asks for a password, so a wrong one is tested here.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { postgresCrud } from '../../scenarios/postgres-crud/index.js';
import { startEmbeddedPostgres } from '../../scenarios/shared/postgres/embedded.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { InterruptedError, TargetError } from '../../src/errors.js';
import { portAnswers } from '../helpers/net.js';
import { PG_ENV, runCrud, runOf } from '../helpers/postgres.js';

const signal = new AbortController().signal;

/** Embedded clusters' folders still there (tsx keeps its own cache in TMPDIR too). */
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('poolbench-pg-'));

const portOf = (url: string | undefined) => Number(new URL(url ?? '').port);

describe('postgres-crud with the embedded PostgreSQL', () => {
  const saved = new Map<string, string | undefined>();
  // The embedded cluster goes into os.tmpdir(): point it at a folder of our own to see what is left.
  let tmp: string;
  before(() => {
    for (const name of [...PG_ENV, 'TMPDIR']) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
    tmp = mkdtempSync(join(tmpdir(), 'poolbench-embedded-test-'));
    chmodSync(tmp, 0o755); // run as root, the server runs as `postgres` and must reach its folder
    process.env.TMPDIR = tmp;
  });
  after(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('starts one with no variables set, runs both variants, then stops it and removes its data', async () => {
    const result = await runCrud({ records: 50 }, { concurrency: [5] });
    assert.equal(result.target.embedded, true);
    assert.match(result.target.description, /^embedded PostgreSQL \d+/);
    assert.match(result.target.url ?? '', /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);
    for (const variant of ['unpooled', 'pooled']) {
      for (const phase of ['create', 'read', 'update', 'delete']) {
        const run = runOf(result, variant, phase);
        assert.equal(run.status, 'completed', `${variant} ${phase}: ${run.error}`);
        assert.equal(run.ops, 50);
        assert.equal(run.errors, 0, JSON.stringify(run.errorHints));
      }
    }
    assert.equal(await portAnswers(portOf(result.target.url)), false, 'the server still answers');
    assert.deepEqual(leftovers(tmp), []);
  });

  it('stops and removes it when the run is interrupted mid-phase', async () => {
    const controller = new AbortController();
    const result = await runCrud({ records: 1_000_000 }, { concurrency: [2] }, controller.signal, {
      runStarted: () => setTimeout(() => controller.abort(), 300),
    });
    const create = runOf(result, 'unpooled', 'create');
    assert.ok(create.ops > 0 && create.ops < 1_000_000, `ops ${create.ops}`);
    assert.equal(await portAnswers(portOf(result.target.url)), false);
    assert.deepEqual(leftovers(tmp), []);
  });

  it('stops and removes it when interrupted while it starts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(openScenario(postgresCrud, { records: 10 }, controller.signal), InterruptedError);
    assert.deepEqual(leftovers(tmp), []);
  });

  it('is killed and removed when the process exits without closing it', async () => {
    const script = join(tmp, 'exit-without-close.mts');
    const embedded = fileURLToPath(new URL('../../scenarios/shared/postgres/embedded.ts', import.meta.url));
    writeFileSync(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(embedded)};
       const server = await startEmbeddedPostgres(new AbortController().signal);
       process.stdout.write(String(server.port));
       process.exit(0);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    rmSync(script);
    assert.equal(code, 0);
    const port = Number(out);
    assert.ok(port > 0, `child printed ${out}`);
    // SIGQUIT makes the postmaster exit at once; give it a moment.
    for (let i = 0; i < 50 && (await portAnswers(port)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await portAnswers(port), false, 'the server outlived the process');
    assert.deepEqual(leftovers(tmp), []);
  });

  it('names a wrong password as an authentication failure, password hidden', async () => {
    const server = await startEmbeddedPostgres(signal, { password: 'the-right-one' });
    try {
      const url = `postgres://postgres:the-wrong-one@127.0.0.1:${server.port}/postgres`;
      await assert.rejects(openScenario(postgresCrud, { pgUrl: url, records: 1 }, signal), (err: unknown) => {
        assert.ok(err instanceof TargetError);
        assert.equal(err.exitCode, 1);
        assert.match(err.message, /authentication failed for PostgreSQL at postgres:\/\/postgres:\*\*\*@127/);
        assert.ok(!err.message.includes('the-wrong-one'));
        return true;
      });
      // The right password works, and the session leaves that server as found.
      const good = `postgres://postgres:the-right-one@127.0.0.1:${server.port}/postgres`;
      const session = await openScenario(postgresCrud, { pgUrl: good, records: 1 }, signal);
      assert.equal(session.target.embedded, false);
      assert.ok(!JSON.stringify(session.target).includes('the-right-one'));
      await session.close();
    } finally {
      await server.stop();
    }
    assert.deepEqual(leftovers(tmp), []);
  });
});
