// How the CLI finds its targets, spawned as a user runs it, against real servers: `.env` (and the
// environment winning over it), PostgreSQL from --pg-url > DATABASE_URL > PG* variables, REDIS_URL,
// `redis --command get|set` counted by the server itself, and a second Ctrl-C that ends a run whose first
// Ctrl-C is still waiting on a server that never answers.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';
import { portAnswers, serveChunks } from '../helpers/net.js';
import { LOCAL_URL } from '../helpers/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-cli-targets-'));
after(() => rmSync(work, { recursive: true, force: true }));
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** No target variable leaks in from the machine running the tests: each test sets its own. */
const CLEAN = {
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  PGHOST: undefined,
  PGPORT: undefined,
  PGUSER: undefined,
  PGPASSWORD: undefined,
  PGDATABASE: undefined,
};
const SHORT = '-c 2 -d 300ms --warmup 0 --trials 1 --micro-time 0 --no-experiments --format json'.split(' ');
const CRUD = 'postgres-crud -c 2 --records 20 --warmup 0 --trials 1 --micro-time 0 --format json'.split(' ');

let runs = 0;
async function runIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = join(work, `out-${++runs}`);
  const outcome = await poolbench(['run', ...args, '--out', out], { cwd, env: { ...CLEAN, ...env } });
  const result =
    outcome.code === 0
      ? (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult)
      : undefined;
  return { ...outcome, result, target: result?.scenarios[0]?.target };
}

describe('targets from the command line, the environment and .env', () => {
  it('reads REDIS_URL from .env; the environment wins over .env', async () => {
    const dir = join(work, 'dotenv');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `# a user's .env\nREDIS_URL=${REDIS_URL}\n`);
    const fromFile = await runIn(dir, ['redis', '--variants', 'shared', ...SHORT]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(fromFile.target!.embedded, false, 'the server from .env, not a throwaway one');
    assert.equal(fromFile.target!.url, REDIS_URL.replace(/\/$/, ''));
    writeFileSync(join(dir, '.env'), 'REDIS_URL=redis://127.0.0.1:1\n');
    const refused = await runIn(dir, ['redis', '--variants', 'shared', ...SHORT]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /127\.0\.0\.1:1/, '.env was read');
    const env = await runIn(dir, ['redis', '--variants', 'shared', ...SHORT], { REDIS_URL });
    assert.equal(env.code, 0, env.stderr);
  });

  it('resolves PostgreSQL from the PG* variables, DATABASE_URL over them, --pg-url over both', async () => {
    const local = new URL(LOCAL_URL);
    const pg = {
      PGHOST: local.hostname,
      PGPORT: local.port || '5432',
      PGUSER: decodeURIComponent(local.username),
      PGDATABASE: local.pathname.slice(1),
      ...(local.password ? { PGPASSWORD: decodeURIComponent(local.password) } : {}),
    };
    const fromPg = await runIn(work, CRUD, pg);
    assert.equal(fromPg.code, 0, fromPg.stderr);
    assert.match(fromPg.target!.description, /from the PG\* variables \(PGHOST, PGPORT, PGUSER/);
    assert.equal(fromPg.target!.embedded, false);
    const nowhere = `postgres://postgres@127.0.0.1:1/${pg.PGDATABASE}`;
    const fromUrl = await runIn(work, CRUD, { ...pg, PGPORT: '1', DATABASE_URL: LOCAL_URL });
    assert.equal(fromUrl.code, 0, fromUrl.stderr);
    assert.match(fromUrl.target!.description, /from DATABASE_URL/);
    const fromFlag = await runIn(work, [...CRUD, '--pg-url', LOCAL_URL], { DATABASE_URL: nowhere });
    assert.equal(fromFlag.code, 0, fromFlag.stderr);
    assert.match(fromFlag.target!.description, /from --pg-url/);
    const unreachable = await runIn(work, CRUD, {
      DATABASE_URL: nowhere.replace('postgres@', 'postgres:s3cret-pw@'),
    });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /127\.0\.0\.1:1/);
    assert.doesNotMatch(unreachable.stderr, /s3cret-pw/, 'the password is never printed');
  });

  describe('redis --command', () => {
    let server: ChildProcess | undefined;
    let url = '';
    before(async () => {
      const { server: probe, port } = await serveChunks(() => {});
      await new Promise((resolve) => probe.close(resolve)); // a free port for our own redis-server
      // no persistence: a throwaway server that counts the commands it gets
      const args = `--port ${port} --bind 127.0.0.1 --appendonly no`.split(' ');
      server = spawn('redis-server', [...args, '--save', '']);
      url = `redis://127.0.0.1:${port}`;
      const deadline = Date.now() + 10_000; // the poll has a time limit: a server that never starts fails
      while (!(await portAnswers(port))) {
        assert.ok(Date.now() < deadline, 'redis-server started within 10 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    after(() => server?.kill());

    async function counted(command: string) {
      const client = new Redis(url);
      await client.config('RESETSTAT');
      const run = await runIn(
        work,
        ['redis', '--variants', 'shared', '--command', command, '--key-space', '50', ...SHORT],
        { REDIS_URL: url },
      );
      const stats = String(await client.info('commandstats'));
      await client.quit();
      assert.equal(run.code, 0, run.stderr);
      const calls = (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      return {
        ops: run.result!.scenarios[0]!.runs[0]!.ops,
        get: calls('get'),
        set: calls('set'),
        options: run.result!.scenarios[0]!.options,
      };
    }

    it('sends GETs with --command get and SETs with --command set, as the server counts them', async () => {
      const get = await counted('get');
      assert.equal(get.options.command, 'get');
      assert.ok(get.ops > 0 && get.get >= get.ops, `${get.get} GETs for ${get.ops} ops`);
      // the 50 keys are written first, plus the run's owner key (which marks whose keys these are)
      assert.ok(get.set <= 51, `only the 50 keys and the owner key are written first (${get.set} SETs)`);
      const set = await counted('set');
      assert.ok(set.ops > 0 && set.set >= set.ops, `${set.set} SETs for ${set.ops} ops`);
      assert.equal(set.get, 0);
      const bad = await poolbench(['run', 'redis', '--command', 'del'], { cwd: work });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--command/);
    });
  });

  it('a second Ctrl-C ends the run at once while the first is still waiting on the server (exit 130)', async () => {
    // A server that accepts and never answers: the first Ctrl-C waits for Redis's connect to give up.
    const { server, port } = await serveChunks(() => {});
    try {
      const started = Date.now();
      const { code, stderr } = await poolbench(
        ['run', 'redis', '--variants', 'shared', ...SHORT, '--out', join(work, 'forced')],
        {
          cwd: work,
          env: { ...CLEAN, REDIS_URL: `redis://127.0.0.1:${port}` },
          // late enough that the CLI has started (tsx compiles it first: seconds on a busy machine), and the
          // connect it waits on (5 s) has not given up by itself before the second Ctrl-C
          interruptAfterMs: [4000, 5000],
          timeoutMs: 15_000, // killed (code null) if the second Ctrl-C does not end it
        },
      );
      assert.equal(code, 130, stderr);
      assert.match(stderr, /Ctrl-C again to force/);
      assert.ok(Date.now() - started < 15_000);
    } finally {
      server.close();
    }
  });
});
