// The gate compares like with like: a baseline measured against another kind of target (throwaway vs
// external, another server or major version) or on another machine class is refused (exit 2), saying
// which and how to compare anyway; old result files without a recorded machine class still compare.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { checkComparable, machineClass, machineClassLabel, targetKind } from '../../src/gate/comparable.js';
import type { BenchmarkResult } from '../../src/model/result.js';
import { loadFixture, scenario } from '../fixtures/load.js';
import { poolbench } from '../helpers/cli.js';

/** The fixture's postgres-crud as if it had run against a PostgreSQL 16 service container. */
function againstExternalPostgres(): BenchmarkResult {
  const result = loadFixture('result');
  scenario(result, 'postgres-crud').target = {
    description: 'PostgreSQL 16.4 from DATABASE_URL',
    url: 'postgres://postgres:***@127.0.0.1:5432/poolbench',
    server: 'PostgreSQL',
    serverVersion: '16.4',
    embedded: false,
  };
  return result;
}

describe('comparable results', () => {
  it('names a target by kind, server and major version', () => {
    const pg = scenario(loadFixture('result'), 'postgres-crud').target;
    assert.equal(targetKind(pg), 'throwaway PostgreSQL 18');
    assert.equal(targetKind({ ...pg, serverVersion: '18.4' }), 'throwaway PostgreSQL 18');
    assert.equal(
      targetKind({ description: 'x', embedded: false, server: 'redis', serverVersion: '7.0.15' }),
      'external redis 7',
    );
    assert.equal(targetKind({ description: 'x', embedded: false }), 'external server of unknown kind');
  });

  it('takes the machine class from the CPU count and architecture, after a label when one is recorded', () => {
    const env = loadFixture('result').environment;
    assert.equal(machineClass(env), '2 CPUs, x64');
    assert.equal(
      machineClass({ ...env, cpuModel: 'AMD EPYC' }),
      '2 CPUs, x64',
      'the CPU model varies within a class',
    );
    assert.equal(
      machineClass({ ...env, machineClass: 'github-ubuntu-24.04' }),
      'github-ubuntu-24.04 (2 CPUs, x64)',
    );
    assert.deepEqual(machineClassLabel({ POOLBENCH_MACHINE_CLASS: ' ci-runner ' }), {
      machineClass: 'ci-runner',
    });
    assert.deepEqual(machineClassLabel({ POOLBENCH_MACHINE_CLASS: '' }), {});
  });

  it('accepts two runs of one kind, old files without a machine class included', () => {
    assert.deepEqual(checkComparable(loadFixture('result'), loadFixture('result'), {}), []);
  });

  it('refuses another target kind, naming the scenario and both targets, unless allowed', () => {
    const base = loadFixture('result');
    const current = againstExternalPostgres();
    assert.throws(
      () => checkComparable(base, current, {}),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        /^cannot compare: postgres-crud: the baseline ran against throwaway PostgreSQL 18 .* the current run against external PostgreSQL 16 \(PostgreSQL 16\.4 from DATABASE_URL\)$/.test(
          err.problems[0]!,
        ) &&
        /--allow-other-target to compare anyway/.test(err.problems[1]!),
    );
    const allowed = checkComparable(base, current, { allowOtherTarget: true });
    assert.equal(allowed.length, 1);
    assert.equal(allowed[0]!.kind, 'target');
  });

  it('refuses another machine class unless allowed', () => {
    const base = loadFixture('result');
    const current = loadFixture('result');
    current.environment = { ...current.environment, cpuCount: 4, machineClass: 'github-ubuntu-24.04' };
    assert.throws(
      () => checkComparable(base, current, { allowOtherTarget: true }),
      /cannot compare: the baseline ran on 2 CPUs, x64 \(Intel.*\), the current run on github-ubuntu-24\.04 \(4 CPUs, x64\)/,
    );
    assert.equal(checkComparable(base, current, { allowOtherMachine: true }).length, 1);
  });

  describe('poolbench compare (CLI)', () => {
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
});
