// The embedded PostgreSQL as root (every bare container runs as root): PostgreSQL refuses to run as root, so
// it runs as an unprivileged account that exists — `postgres`, else `nobody` — owning its data folder, and
// the run says so in one line. No account is created. The tests play "no postgres user" by naming one that
// does not exist first; this machine may well have Debian's `postgres`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../scenarios/shared/postgres/embedded.js';
import { serverAccount } from '../../scenarios/shared/postgres/os-account.js';
import { TargetError } from '../../src/errors.js';
import { poolbench } from '../helpers/cli.js';
import { portAnswers } from '../helpers/net.js';
import { PG_ENV } from '../helpers/postgres.js';

const NO_SUCH_USER = 'poolbench-no-such-user';
const uidOf = (name: string) => Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }));
const userExists = (name: string) => {
  try {
    uidOf(name);
    return true;
  } catch {
    return false;
  }
};
/** The real uid a process runs as, from /proc. */
const processUid = (pid: number) =>
  Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

describe('the embedded PostgreSQL when poolbench runs as root', {
  skip: process.getuid?.() !== 0 && 'needs root',
}, () => {
  const work = mkdtempSync(join(tmpdir(), 'poolbench-os-account-test-'));
  const temp = join(work, 'tmp');
  const saved = process.env.TMPDIR;
  before(() => {
    // The server's account must reach its folder under TMPDIR.
    chmodSync(work, 0o755);
    mkdirSync(temp, { mode: 0o755 });
    process.env.TMPDIR = temp;
  });
  after(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(work, { recursive: true, force: true });
  });

  it('runs as nobody, owning its data folder, when there is no postgres OS user; none is created', async () => {
    const server = await startEmbeddedPostgres(new AbortController().signal, {
      osUsers: [NO_SUCH_USER, 'nobody'],
    });
    try {
      assert.deepEqual(server.osAccount, {
        name: 'nobody',
        why: `PostgreSQL refuses to run as root, and there is no '${NO_SUCH_USER}' OS user`,
      });
      const postmaster = Number.parseInt(
        readFileSync(join(server.baseDir, 'data', 'postmaster.pid'), 'utf8'),
        10,
      );
      assert.equal(processUid(postmaster), uidOf('nobody'));
      assert.equal(statSync(join(server.baseDir, 'data')).uid, uidOf('nobody'));
      const client = new pg.Client({ ...server, ssl: false });
      await client.connect();
      const { rows } = await client.query('SELECT current_user AS who');
      await client.end();
      assert.equal(rows[0].who, 'postgres');
    } finally {
      await server.stop();
    }
    assert.equal(existsSync(server.baseDir), false);
    assert.equal(await portAnswers(server.port), false);
    assert.equal(userExists(NO_SUCH_USER), false);
  });

  it('says which account it runs as in the run, one line (POOLBENCH_PG_OS_USER=nobody)', async () => {
    const out = join(work, 'out');
    const env = {
      ...Object.fromEntries(PG_ENV.map((n) => [n, undefined])),
      TMPDIR: temp,
      POOLBENCH_PG_OS_USER: 'nobody',
    };
    const args = [
      'run',
      'postgres-crud',
      '--records',
      '20',
      '-c',
      '2',
      '--trials',
      '1',
      '--format',
      'json',
      '--out',
      out,
    ];
    const { code, stderr } = await poolbench(args, { cwd: work, env, timeoutMs: 120_000 });
    assert.equal(code, 0, stderr);
    const line = /^postgres-crud: target embedded PostgreSQL.*$/m.exec(stderr)?.[0] ?? '';
    assert.match(line, /removed afterwards; runs as OS user nobody: chosen by POOLBENCH_PG_OS_USER\)/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    assert.match(result.scenarios[0].target.description, /runs as OS user nobody/);
    assert.ok(result.scenarios[0].runs.every((r: { status: string }) => r.status === 'completed'));
  });

  it('names what to do when no account fits', async () => {
    await assert.rejects(serverAccount([NO_SUCH_USER, `${NO_SUCH_USER}-2`], {}), (err: unknown) => {
      assert.ok(err instanceof TargetError);
      assert.match(
        err.message,
        /no 'poolbench-no-such-user' or 'poolbench-no-such-user-2' OS user .*POOLBENCH_PG_OS_USER/,
      );
      return true;
    });
    await assert.rejects(
      serverAccount(undefined, { POOLBENCH_PG_OS_USER: NO_SUCH_USER }),
      /POOLBENCH_PG_OS_USER=poolbench-no-such-user: no such OS user here/,
    );
    await assert.rejects(serverAccount(undefined, { POOLBENCH_PG_OS_USER: 'root' }), /that account is root/);
  });
});
