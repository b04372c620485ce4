// The scenario files in examples/, run as their README says (`npx poolbench run examples/<file>`, the built
// CLI, from a folder of the user's) against the local services: PostgreSQL, MariaDB and an HTTP API. Each
// writes a valid result with pooled vs unpooled, and leaves no table behind.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { outcome, projectRoot } from '../helpers/cli.js';
import { schemaProblems } from '../helpers/result-schema.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-examples-'));
after(() => rmSync(work, { recursive: true, force: true }));

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const SHORT = ['-c', '4', '-d', '500ms', '--warmup', '100ms', '--trials', '1', '-q'];

const npx = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  outcome(
    spawn(process.execPath, [join(projectRoot, 'bin/poolbench.js'), ...args], {
      cwd: work,
      env: { ...process.env, ...env },
    }),
    120_000,
  );
const example = (name: string) => join(projectRoot, 'examples', name);

interface Run {
  variant: string;
  status: string;
  ops: number;
  errorKinds: Record<string, number>;
  perThread?: unknown[];
}
function readResult(dir: string) {
  const result = JSON.parse(readFileSync(join(work, dir, 'result.json'), 'utf8'));
  assert.deepEqual(schemaProblems(result), []);
  return result.scenarios[0] as { id: string; runs: Run[]; comparisons: unknown[]; options: object };
}
function assertPooledVsUnpooled(scenario: ReturnType<typeof readResult>): void {
  assert.deepEqual(
    scenario.runs.map((r) => [r.variant, r.status]),
    [
      ['unpooled', 'completed'],
      ['pooled', 'completed'],
    ],
  );
  assert.ok(scenario.runs.every((r) => r.ops > 0));
  assert.equal(scenario.comparisons.length, 1);
}

describe('examples/', () => {
  it('http-api: its own server, bearer token and JSON body; result.json, report.md and charts', async () => {
    const { code, stderr } = await npx(['run', example('http-api.scenario.ts'), ...SHORT, '--out', 'http']);
    assert.equal(code, 0, stderr);
    assertPooledVsUnpooled(readResult('http'));
    assert.ok(existsSync(join(work, 'http/report.md')));
    assert.ok(existsSync(join(work, 'http/http-api-throughput.png')));
  });

  it('http-api: against --target, the token sent as given, redacted in the result; a wrong one is 401s, exit 1', async () => {
    const seen = new Set<string>();
    const server = createServer((req, res) => {
      seen.add(`${req.method} ${req.url} ${req.headers['content-type']}`);
      req.resume();
      req.on('end', () => {
        if (req.headers.authorization === 'Bearer s3cret-token') res.writeHead(201).end('{}');
        else res.writeHead(401).end('no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await npx(
        ['run', example('http-api.scenario.ts'), '--target', target, ...SHORT, '--out', 'target'],
        {
          API_TOKEN: 's3cret-token',
        },
      );
      assert.equal(ok.code, 0, ok.stderr);
      assertPooledVsUnpooled(readResult('target'));
      assert.deepEqual([...seen], ['POST /orders application/json']);
      assert.doesNotMatch(readFileSync(join(work, 'target/result.json'), 'utf8'), /s3cret-token/);

      const wrong = await npx([
        'run',
        example('http-api.scenario.ts'),
        '--target',
        target,
        '--token',
        'wrong',
        ...SHORT,
        '--out',
        'wrong',
      ]);
      assert.equal(wrong.code, 1, wrong.stderr);
      const runs = readResult('wrong').runs;
      assert.ok(
        runs.every((r) => r.status === 'errored' && (r.errorKinds.HTTP_401 ?? 0) > 0),
        JSON.stringify(runs),
      );
    } finally {
      server.close();
    }
  });

  it('orders-query: PostgreSQL, own table dropped afterwards, split over 2 worker threads', async () => {
    const { code, stderr } = await npx(
      ['run', example('orders-query.scenario.ts'), ...SHORT, '--workers', '2', '--out', 'pg'],
      { DATABASE_URL: PG_URL },
    );
    assert.equal(code, 0, stderr);
    const scenario = readResult('pg');
    assertPooledVsUnpooled(scenario);
    assert.ok(scenario.runs.every((r) => r.perThread?.length === 2));
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const left = await client.query(
        "SELECT tablename FROM pg_tables WHERE tablename LIKE 'poolbench_example_orders_%'",
      );
      assert.deepEqual(left.rows, []);
    } finally {
      await client.end();
    }
  });

  it('mariadb: mysql2, a client poolbench does not ship; own table dropped afterwards', async () => {
    const { code, stderr } = await npx(
      ['run', example('mariadb.scenario.ts'), ...SHORT, '--out', 'mariadb'],
      {
        MYSQL_URL,
      },
    );
    assert.equal(code, 0, stderr);
    assertPooledVsUnpooled(readResult('mariadb'));
    const connection = await mysql.createConnection(MYSQL_URL);
    try {
      const [rows] = await connection.query("SHOW TABLES LIKE 'poolbench\\_example\\_items\\_%'");
      assert.deepEqual(rows, []);
    } finally {
      await connection.end();
    }
  });
});
