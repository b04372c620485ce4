// Repeatable options (`-H a -H b`), short flags and an option's own redaction: through commander as the CLI
// registers them, into typed values, and into what a result records (secrets hidden).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { givenFlags, registerScenarioOptions } from '../../src/cli/scenario-options.js';
import {
  defineScenario,
  type OptionValues,
  option,
  resolveOptions,
  ScenarioDefinitionError,
} from '../../src/scenario/index.js';
import { isSecretHeader, redactHeader } from '../../src/util/redact.js';

const options = {
  headers: option.list({
    flag: '-H, --header <line>',
    description: "a request header, 'Name: value' (repeatable)",
    env: 'ORDERS_HEADERS',
    redact: redactHeader,
  }),
  poolSize: option.int({ flag: '-P, --pool-size <n>', default: 10, description: 'pool max' }),
};

const orders = defineScenario({
  id: 'orders',
  description: 'orders',
  options,
  variants: { pooled: () => ({ op: async () => {} }) },
});

function parse(argv: string[]) {
  const command = new Command('run').exitOverride().allowExcessArguments(true);
  registerScenarioOptions(command, [orders]);
  command.parse(argv, { from: 'user' });
  return givenFlags(command.opts(), [orders]);
}

describe('a repeatable option', () => {
  it('collects every occurrence in order, short and long flags alike, typed as a list', () => {
    const given = parse(['-H', 'Accept: text/plain', '--header', 'X-Trace: 1', '-P', '4']);
    const resolved = resolveOptions(orders, given, {});
    assert.deepEqual(resolved.problems, []);
    const values: OptionValues<typeof options> = resolved.values;
    const headers: readonly string[] = values.headers;
    assert.deepEqual(headers, ['Accept: text/plain', 'X-Trace: 1']);
    assert.equal(values.poolSize, 4);
  });

  it('is an empty list when absent, and not recorded', () => {
    const resolved = resolveOptions(orders, parse([]), {});
    assert.deepEqual(resolved.values.headers, []);
    assert.equal('headers' in resolved.recorded, false);
  });

  it('reads one item per line from its variable', () => {
    const resolved = resolveOptions(orders, {}, { ORDERS_HEADERS: 'A: 1\nB: 2\n' });
    assert.deepEqual(resolved.values.headers, ['A: 1', 'B: 2']);
  });

  it('refuses an empty item, naming the flag', () => {
    const resolved = resolveOptions(orders, parse(['-H', ' ']), {});
    assert.deepEqual(resolved.problems, ["orders: -H, --header: must not be empty, got ' '"]);
  });

  it("records each item through the option's redaction", () => {
    const given = parse(['-H', 'Authorization: Bearer s3cret', '-H', 'Accept: */*']);
    const resolved = resolveOptions(orders, given, {});
    assert.deepEqual(resolved.recorded.headers, ['Authorization: ***', 'Accept: */*']);
    assert.doesNotMatch(JSON.stringify(resolved.recorded), /s3cret/);
    // The scenario still gets the real value.
    assert.deepEqual(resolved.values.headers[0], 'Authorization: Bearer s3cret');
  });

  it('refuses a malformed short flag', () => {
    assert.throws(
      () =>
        defineScenario({
          id: 'bad',
          description: 'bad',
          options: { h: option.list({ flag: '-HH, --header <line>', description: 'h' }) },
          variants: { a: () => ({ op: async () => {} }) },
        }),
      (err: unknown) =>
        err instanceof ScenarioDefinitionError && /flag '-HH, --header <line>'/.test(err.message),
    );
  });
});

describe('secret headers', () => {
  it('are known by name: the standard ones, and names with token, secret, key or password', () => {
    for (const name of [
      'Authorization',
      'proxy-authorization',
      'Cookie',
      'Set-Cookie',
      'X-Auth-Token',
      'X-Api-Key',
      'Client-Secret',
      'X-Password',
    ])
      assert.equal(isSecretHeader(name), true, name);
    for (const name of ['Accept', 'Content-Type', 'X-Trace', 'Keep-Alive', 'Cookie-Consent'])
      assert.equal(isSecretHeader(name), false, name);
  });

  it('keep their name and lose their value', () => {
    assert.equal(redactHeader('Cookie: session=abc; theme=dark'), 'Cookie: ***');
    assert.equal(redactHeader('Content-Type: application/json'), 'Content-Type: application/json');
    assert.equal(redactHeader('NoColon'), 'NoColon');
    assert.equal(redactHeader('Authorization Bearer abc'), 'Authorization ***', 'a colon forgotten');
  });
});
