// postgres-query end to end, spawned as a user runs it, against the local PostgreSQL: SELECT 1 pooled vs
// unpooled, parameters drawn per op arriving at the server (counted in a table of the test's own schema),
// a write refused before anything is measured, --allow-writes, and a bad --param or --sql-file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';
import { createTestSchema, type TestSchema } from '../helpers/postgres.js';
import { schemaProblems } from '../helpers/result-schema.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-postgres-query-'));
const CLEAN = {
  DATABASE_URL: undefined,
  PGHOST: undefined,
  PGPORT: undefined,
  PGUSER: undefined,
  PGPASSWORD: undefined,
  PGDATABASE: undefined,
};
const SHORT = '-c 2 -d 300ms --warmup 0 --trials 1 --micro-time 0 --format json'.split(' ');

let schema: TestSchema;
before(async () => {
  schema = await createTestSchema();
  await schema.admin.query(`CREATE TABLE ${schema.name}.items (id int PRIMARY KEY, name text NOT NULL)`);
  await schema.admin.query(
    `INSERT INTO ${schema.name}.items SELECT n, 'item ' || n FROM generate_series(1, 100) AS n`,
  );
  await schema.admin.query(`CREATE TABLE ${schema.name}.seen (id int NOT NULL, name text NOT NULL)`);
});
after(async () => {
  await schema?.drop();
  rmSync(work, { recursive: true, force: true });
});

let runs = 0;
async function run(args: string[]) {
  const out = join(work, `out-${++runs}`);
  const outcome = await poolbench(['run', 'postgres-query', '--pg-url', schema.url, ...args, '--out', out], {
    cwd: work,
    env: CLEAN,
  });
  const result =
    outcome.code === 0
      ? (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BenchmarkResult)
      : undefined;
  if (result) assert.deepEqual(schemaProblems(result), [], 'result.json matches its schema');
  return { ...outcome, scenario: result?.scenarios[0] };
}

const seen = async () =>
  (await schema.admin.query(`SELECT id, name FROM ${schema.name}.seen`)).rows as {
    id: number;
    name: string;
  }[];

describe('postgres-query', () => {
  it('measures SELECT 1 unpooled and pooled, the statement checked before', async () => {
    const { code, stderr, scenario } = await run(['--sql', 'SELECT 1', ...SHORT]);
    assert.equal(code, 0, stderr);
    const variants = scenario!.runs.map((r) => r.variant);
    assert.deepEqual(variants, ['unpooled', 'pooled']);
    for (const r of scenario!.runs) {
      assert.equal(r.status, 'completed');
      assert.ok(r.ops > 0, `${r.variant} ran ops`);
      assert.equal(r.errors, 0);
    }
    assert.equal(scenario!.details?.queryMode, 'simple');
    assert.equal(scenario!.options.seed, 1, 'the default seed is recorded');
    assert.match(scenario!.notes.join(' '), /READ ONLY transaction that was rolled back \(SELECT, 1 rows\)/);
  });

  it('draws the parameters per op from the seed, $1, $2 in the order given, prepared or not', async () => {
    // A parameterised read of the test's table, as a user would measure it.
    const read = await run([
      '--sql',
      `SELECT name FROM items WHERE id = $1`,
      '--param',
      'id=int:1..100',
      '--prepared',
      ...SHORT,
    ]);
    assert.equal(read.code, 0, read.stderr);
    assert.equal(read.scenario!.details?.queryMode, 'prepared');
    assert.equal(read.scenario!.details?.params, '$1 id=int:1..100');
    // What the server received: every op's values written down (a write, so --allow-writes).
    const sqlFile = join(work, 'record.sql');
    writeFileSync(sqlFile, 'INSERT INTO seen (id, name) VALUES ($1, $2);\n');
    const write = await run([
      '--sql-file',
      sqlFile,
      '--param',
      'id=int:5..9',
      '--param',
      'name=choice:red,green',
      '--allow-writes',
      '--seed',
      '7',
      ...SHORT,
    ]);
    assert.equal(write.code, 0, write.stderr);
    const rows = await seen();
    const ops = write.scenario!.runs.reduce((n, r) => n + r.ops, 0);
    assert.ok(rows.length >= ops, `${rows.length} rows for ${ops} measured ops`);
    assert.ok(rows.every((r) => r.id >= 5 && r.id <= 9 && ['red', 'green'].includes(r.name)));
    assert.equal(new Set(rows.map((r) => r.id)).size, 5, 'every value of the range drawn');
    assert.equal(new Set(rows.map((r) => r.name)).size, 2);
    assert.match(
      write.scenario!.warnings.join(' '),
      /--allow-writes: the statement \(INSERT\) runs for real/,
    );
  });

  it('refuses a write before measuring, saying why and that --allow-writes permits it', async () => {
    await schema.admin.query(`TRUNCATE ${schema.name}.seen`);
    const { code, stderr } = await run(['--sql', "INSERT INTO seen VALUES (1, 'x')", ...SHORT]);
    assert.equal(code, 2, stderr);
    assert.match(
      stderr,
      /the statement writes \(the server refused it in a read-only transaction: .*\).*--allow-writes permits it/,
    );
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(await seen(), [], 'the check was rolled back');
  });

  it('refuses a bad --param, a missing --sql-file and a statement that fails, exit 2 naming each', async () => {
    const badParam = await run(['--sql', 'SELECT $1', '--param', 'id=int:9..1', '--param', 'oops', ...SHORT]);
    assert.equal(badParam.code, 2);
    assert.match(badParam.stderr, /--param id: int needs a range MIN\.\.MAX with MIN <= MAX/);
    assert.match(badParam.stderr, /--param: expected name=int:MIN\.\.MAX or name=choice:a,b,c.*got 'oops'/);
    const noFile = await run(['--sql-file', join(work, 'missing.sql'), ...SHORT]);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /--sql-file: cannot read '.*missing\.sql' \(no such file\)/);
    const neither = await run(SHORT);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /give the statement to measure: --sql/);
    const failing = await run(['--sql', 'SELECT nope FROM items', ...SHORT]);
    assert.equal(failing.code, 2);
    assert.match(
      failing.stderr,
      /the statement failed when checked once before measuring \(column "nope" does not exist/,
    );
  });
});
