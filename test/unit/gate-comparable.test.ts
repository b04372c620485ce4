// The gate compares like with like: a baseline measured against another kind of target (throwaway vs
// external, another server or major version) or on another machine class is refused (exit 2), saying
// which and how to compare anyway; old result files without a recorded machine class still compare.
// (`poolbench compare` refusing with exit 2: test/integration/compare-cli.test.ts.)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { checkComparable, machineClass, machineClassLabel, targetKind } from '../../src/gate/comparable.js';
import { loadFixture, scenario } from '../fixtures/load.js';
import { againstExternalPostgres } from '../helpers/synthetic-results.js';

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
});
