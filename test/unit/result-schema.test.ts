// result.json's JSON Schema: every saved result in the project and a freshly measured one are valid, and
// the schema is strict enough to refuse what the model forbids (it is no `{}` that accepts anything).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { measurePlans, startResult } from '../../src/cli/measure-plans.js';
import { parseRunConfig } from '../../src/cli/run-config.js';
import sleepScenario from '../fixtures/sleep-scenario.js';
import { projectRoot } from '../helpers/cli.js';
import { schemaProblems } from '../helpers/result-schema.js';
import { savedResults } from '../helpers/saved-results.js';

const load = (file: string) => JSON.parse(readFileSync(join(projectRoot, file), 'utf8'));

describe('the JSON Schema of result.json', () => {
  it('finds saved results to check', () => {
    assert.ok(savedResults().length >= 5, savedResults().join(', '));
  });

  for (const file of savedResults()) {
    it(`accepts ${file}`, () => assert.deepEqual(schemaProblems(load(file)), []));
  }

  it('accepts a freshly measured result, as result.json holds it', async () => {
    const config = parseRunConfig(
      ['sleep'],
      { concurrency: '1,2', ops: '20', warmup: '0', trials: '2' },
      [sleepScenario],
      {},
    );
    const result = startResult(config, new Date());
    const { failed } = await measurePlans(config, result, new AbortController().signal);
    assert.equal(failed, false);
    assert.equal(result.scenarios[0]?.runs.length, 4);
    assert.deepEqual(schemaProblems(JSON.parse(JSON.stringify(result))), []);
  });

  it('refuses a result that breaks the model, naming where', () => {
    const result = load('test/fixtures/result.json');
    result.scenarios[0].runs[0].status = 'finished';
    result.scenarios[0].runs[0].ops = -1;
    delete result.environment.node;
    result.surprise = true;
    const problems = schemaProblems(result).join('\n');
    assert.match(problems, /\/scenarios\/0\/runs\/0\/status: must be equal to one of the allowed values/);
    assert.match(problems, /\/scenarios\/0\/runs\/0\/ops: must be >= 0/);
    assert.match(problems, /\/environment: must have required property 'node'/);
    assert.match(problems, /\/: must NOT have additional properties/);
  });

  it('refuses a target URL with its password in it', () => {
    const result = load('test/fixtures/result.json');
    result.scenarios[0].target.url = 'postgres://app:hunter2@db:5432/app';
    assert.match(schemaProblems(result).join('\n'), /\/scenarios\/0\/target\/url: must NOT be valid/);
  });
});
