// `poolbench compare` spawned as a user runs it, on synthetic results: exit 0 without a regression, 3
// with one, 2 for invalid input or a baseline from another kind of target (and --allow-other-target).
// (The gate's logic on the same results is unit-tested in test/unit/gate*.test.ts.)

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadFixture } from '../fixtures/load.js';
import { poolbench } from '../helpers/cli.js';
import { againstExternalPostgres, resultWith } from '../helpers/synthetic-results.js';

describe('poolbench compare (CLI): exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolbench-gate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const base = write('base.json', resultWith(10));
  const same = write('same.json', resultWith(10));
  const worse = write('worse.json', resultWith(7));
  const other = write('other.json', resultWith(10, 0.01, 'redis'));
  const future = write('future.json', { ...resultWith(10), schemaVersion: 2 });

  it('exits 0 without a regression, 3 with one, 2 for invalid input', async () => {
    assert.equal((await poolbench(['compare', base, same], { cwd: dir })).code, 0);
    const regressed = await poolbench(['compare', base, worse, '--json'], { cwd: dir });
    assert.equal(regressed.code, 3);
    assert.ok(
      (JSON.parse(regressed.stdout) as { regressions: string[] }).regressions.includes(
        'tcp-echo pooled c=50 throughputRatio',
      ),
    );
    const mismatched = await poolbench(['compare', base, other], { cwd: dir });
    assert.equal(mismatched.code, 2);
    assert.match(mismatched.stderr, /nothing comparable/);
    const unknown = await poolbench(['compare', base, future], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown schemaVersion 2/);
    const missing = await poolbench(['compare', base, join(dir, 'nope.json')], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read result file/);
  });
});

describe('poolbench compare (CLI): comparable results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolbench-comparable-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const base = write('embedded.json', loadFixture('result'));
  const external = write('external.json', againstExternalPostgres());

  it('exits 2 for a baseline from another target kind and says why; --allow-other-target compares', async () => {
    const refused = await poolbench(['compare', base, external], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /poolbench: cannot compare: postgres-crud: the baseline ran against throwaway PostgreSQL 18 .*external PostgreSQL 16/,
    );
    assert.match(refused.stderr, /--allow-other-target/);
    assert.equal(refused.stdout, '', 'no verdict is printed');
    const allowed = await poolbench(['compare', base, external, '--allow-other-target'], { cwd: dir });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /as asked, comparing although postgres-crud: the baseline ran against/);
    assert.match(allowed.stdout, /no regression/);
  });
});
