// Rows in poolbench_users and keys under poolbench: that a `kill -9`ed run left are removed by the next
// run against that server, which says so. Only runs whose process is gone (or that started more than a
// day ago) lose their data: a live run's rows and keys, and fresh ones from another machine, are kept.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { countKeys } from '../../scenarios/redis/workload.js';
import { thisProcess } from '../../src/util/owner.js';
import { poolbench } from '../helpers/cli.js';
import { killMidRun } from '../helpers/killed-run.js';
import { createTestSchema, type TestSchema } from '../helpers/postgres.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const work = mkdtempSync(join(tmpdir(), 'poolbench-kill9-data-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

const WINDOW = ['-c', '2', '--trials', '1', '--warmup', '0', '--micro-time', '0', '--no-experiments'];
const run = async (args: string[]) => {
  const out = join(work, `out-${Date.now()}`);
  const outcome = await poolbench([...args, ...WINDOW, '--format', 'json', '--out', out], {
    cwd: work,
    timeoutMs: 120_000,
  });
  assert.equal(outcome.code, 0, outcome.stderr);
  return JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).scenarios[0] as { warnings: string[] };
};

describe('rows of a killed run', () => {
  let schema: TestSchema;
  before(async () => {
    schema = await createTestSchema();
  });
  after(() => schema.drop());

  const count = async (prefix: string) => {
    const { rows } = await schema.admin.query(
      `SELECT count(*)::int AS n FROM ${schema.name}.poolbench_users WHERE starts_with(username, $1)`,
      [prefix],
    );
    return rows[0].n as number;
  };

  it('are removed by the next run; a live run keeps its rows; an emptied table is dropped at last', async () => {
    const table = `${schema.name}.poolbench_users`;
    let runId = '';
    const killed = await killMidRun(
      ['run', 'postgres-crud', '--pg-url', schema.url, '--records', '1000000', ...WINDOW],
      {
        cwd: work,
        busy: async () => {
          try {
            const { rows } = await schema.admin.query(
              `SELECT split_part(username, '-', 2) AS id, count(*)::int AS n FROM ${table} GROUP BY 1`,
            );
            runId = rows[0]?.id ?? '';
            // more than ten rows besides the run's owner row
            return rows.length === 1 && rows[0].n > 11;
          } catch {
            return false; // no table yet
          }
        },
      },
    );
    const left = (await count(`pb-${runId}-`)) - 1;
    assert.ok(left > 10, `the killed run left ${left} rows`);
    const me = thisProcess();
    const owner = (id: string, space: string, pid: number, age: string) =>
      schema.admin.query(
        `INSERT INTO ${table} (username, email, created_at) VALUES ($1, $2, now() - $3::interval), ($4, $5, now())`,
        [
          `pb-${id}-owner`,
          `run-owner.${id}.${space}.${pid}@poolbench.invalid`,
          age,
          `pb-${id}-1-0`,
          `${id}@poolbench.invalid`,
        ],
      );
    await owner('cafe0001', me.pidSpace, me.pid, '0'); // alive: this test
    await owner('cafe0002', 'ffff', 4242, '0'); // another machine, fresh: cannot tell
    await owner('cafe0003', 'ffff', 4242, '2 days'); // another machine, two days old

    const next = await run(['run', 'postgres-crud', '--pg-url', schema.url, '--records', '10']);
    const lines = next.warnings.filter((w) => w.startsWith('removed '));
    assert.equal(lines.length, 2, next.warnings.join('\n'));
    assert.match(
      lines.join('\n'),
      new RegExp(
        `removed ${left} rows of poolbench run ${runId} from "${schema.name}"."poolbench_users", left when that run did not finish: its process \\(pid ${killed.pid}\\) is gone`,
      ),
    );
    assert.match(lines.join('\n'), /removed 1 rows of poolbench run cafe0003 .*more than a day ago/);
    assert.equal(await count(`pb-${runId}-`), 0);
    assert.equal(await count('pb-cafe0003-'), 0);
    assert.equal(await count('pb-cafe0001-'), 2);
    assert.equal(await count('pb-cafe0002-'), 2);
    assert.equal(await schema.tableExists('poolbench_users'), true, 'other runs still have rows in it');

    // Once those runs are done, the next run finds the table abandoned and empty: it takes it over, drops it.
    await schema.admin.query(`DELETE FROM ${table}`);
    await run(['run', 'postgres-crud', '--pg-url', schema.url, '--records', '10']);
    assert.equal(await schema.tableExists('poolbench_users'), false);
  });
});

describe('keys of a killed run', () => {
  let client: Redis;
  const live = 'poolbench:cafe0001:';
  before(async () => {
    client = new Redis(REDIS_URL, { lazyConnect: true });
    await client.connect();
  });
  after(async () => {
    await client.unlink(`${live}owner`, `${live}k:0`);
    await client.quit();
  });

  it('are removed by the next run; a live run keeps its keys', async () => {
    let prefix = '';
    const killed = await killMidRun(
      ['run', 'redis', '--redis-url', REDIS_URL, '--variants', 'pooled', '-d', '60s', ...WINDOW],
      {
        cwd: work,
        busy: async (stderr, pid) => {
          if (!/redis: target/.test(stderr)) return false;
          for (const key of await client.keys('poolbench:*:owner')) {
            if (JSON.parse((await client.get(key)) ?? '{}').pid === pid)
              prefix = key.slice(0, -'owner'.length);
          }
          return prefix !== '';
        },
      },
    );
    const left = (await countKeys(client, prefix)) - 1;
    assert.ok(left > 0, `the killed run left ${left} keys`);
    await client.set(`${live}owner`, JSON.stringify(thisProcess()));
    await client.set(`${live}k:0`, 'v');

    const next = await run(['run', 'redis', '--redis-url', REDIS_URL, '--variants', 'pooled', '-d', '200ms']);
    assert.ok(
      next.warnings.includes(
        `removed ${left} keys under ${prefix}, left by a poolbench run that did not finish: its process (pid ${killed.pid}) is gone`,
      ),
      next.warnings.join('\n'),
    );
    assert.equal(await countKeys(client, prefix), 0);
    assert.equal(await countKeys(client, live), 2);
  });
});
