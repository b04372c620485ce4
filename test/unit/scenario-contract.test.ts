// The scenario contract itself: option values typed from their specs (checked by the compiler: the lines
// marked ts-expect-error must not compile), resolution flag > env > default with every problem at once, each refusal of
// defineScenario, and the driver reporting an unknown variant and importing a scenario into its threads (running one
// there is in test/integration/threads.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findScenario } from '../../scenarios/index.js';
import { tcpEcho } from '../../scenarios/tcp-echo/index.js';
import { givenFlags } from '../../src/cli/scenario-options.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { runScenario } from '../../src/driver/run-scenario.js';
import { ConfigError } from '../../src/errors.js';
import {
  defineScenario,
  importScenario,
  type OptionValues,
  option,
  optionValues,
  resolveOptions,
  ScenarioDefinitionError,
} from '../../src/scenario/index.js';
import sleepScenario from '../fixtures/sleep-scenario.js';
import { testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const noop = () => ({ op: async () => {} });

const options = {
  url: option.url({
    flag: '--orders-url <url>',
    env: 'ORDERS_URL',
    secret: true,
    default: 'postgres://postgres@127.0.0.1:5432/test',
    description: 'the database',
  }),
  poolSize: option.int({ flag: '--pool-size <n>', default: 10, usedBy: ['pooled'], description: 'pool max' }),
  limit: option.int({ flag: '--limit <n>', env: 'ORDERS_LIMIT', description: 'rows per query' }),
  cold: option.flag({ flag: '--cold', description: 'start the pool cold', usedBy: ['pooled'] }),
  verbose: option.flag({ flag: '--verbose', default: false, description: 'say more' }),
  think: option.duration({ flag: '--think <time>', default: 5, description: 'pause per op' }),
  weights: option.intList({ flag: '--weights <list>', default: [1, 2], description: 'mix' }),
  mode: option.choice({
    flag: '--mode <m>',
    choices: ['read', 'write'],
    default: 'read',
    description: 'what',
  }),
  peer: option.string({ hidden: true, description: 'set by remoteOptions only' }),
};

const orders = defineScenario({
  id: 'orders',
  description: 'orders by id',
  options,
  validate: (o) => (o.limit !== undefined && o.limit > 100 ? ['--limit must be at most 100'] : []),
  open: async (o) => ({ target: { description: `db ${o.url}`, embedded: false }, rows: o.limit ?? 5 }),
  variants: {
    unpooled: ({ session }) => ({ op: async () => void session.rows }),
    pooled: ({ options: o }) => ({ op: async () => void o.poolSize }),
  },
  baseline: 'unpooled',
});

describe('option values are typed from their specs', () => {
  it('gives each kind its type (the compiler checks the lines marked ts-expect-error)', () => {
    const v: OptionValues<typeof options> = optionValues(orders);
    const poolSize: number = v.poolSize;
    // @ts-expect-error an int is a number, not a string
    const asText: string = v.poolSize;
    // @ts-expect-error an int without a default may be undefined
    const limit: number = v.limit;
    const cold: boolean = v.cold;
    const think: number = v.think;
    const weights: readonly number[] = v.weights;
    const mode: 'read' | 'write' = v.mode;
    // @ts-expect-error a choice is the union of its choices
    const other: 'delete' = v.mode;
    // Compiled, never called (defineScenario would throw at run time too, see below).
    const _typeOnly = () =>
      // @ts-expect-error a baseline must be one of the variants
      defineScenario({ id: 'x', description: 'x', variants: { a: noop }, baseline: 'b' });
    assert.equal(typeof _typeOnly, 'function');
    assert.deepEqual(
      [poolSize, asText, limit, cold, think, weights, mode, other],
      [10, 10, undefined, false, 5, [1, 2], 'read', 'read'],
    );
  });

  it('hands variant factories the session their open() returned', async () => {
    const session = await openScenario(orders, { limit: 7 }, signal);
    assert.equal(session.target.description, 'db postgres://postgres@127.0.0.1:5432/test');
    const run = await session.setup('unpooled', { concurrency: 1, signal });
    await run.op({ worker: 0, iteration: 0, time: (_s, fn) => fn() });
    await session.close();
  });

  it('tells which variants read an option (usedBy, else all)', () => {
    assert.deepEqual(orders.variantsUsing('poolSize'), ['pooled']);
    assert.deepEqual(orders.variantsUsing('url'), ['unpooled', 'pooled']);
  });
});

describe('option resolution', () => {
  it('takes the flag over the environment over the default', () => {
    const env = { ORDERS_URL: 'postgres://env@h/db', ORDERS_LIMIT: '20' };
    const flagged = resolveOptions(orders, { '--orders-url': 'postgres://flag@h/db', '--limit': '30' }, env);
    assert.deepEqual(flagged.problems, []);
    assert.equal(flagged.values.url, 'postgres://flag@h/db');
    assert.equal(flagged.values.limit, 30);
    const fromEnv = resolveOptions(orders, {}, env);
    assert.equal(fromEnv.values.url, 'postgres://env@h/db');
    assert.equal(fromEnv.values.limit, 20);
    const byDefault = resolveOptions(orders, {}, { ORDERS_LIMIT: '' });
    assert.equal(byDefault.values.url, 'postgres://postgres@127.0.0.1:5432/test');
    assert.equal(byDefault.values.limit, undefined, 'an empty variable counts as unset');
  });

  it('parses each kind: durations in ms, lists, flags on when given', () => {
    const { values, problems } = resolveOptions(
      orders,
      { '--think': '2s', '--weights': '3,4', '--cold': true, '--mode': 'write' },
      {},
    );
    assert.deepEqual(problems, []);
    assert.deepEqual([values.think, values.weights, values.cold, values.mode], [2000, [3, 4], true, 'write']);
  });

  it('records given values and declared defaults, secrets redacted; hidden options never', () => {
    const { recorded } = resolveOptions(orders, { '--orders-url': 'postgres://u:s3cret@h/db' }, {});
    assert.deepEqual(recorded, {
      url: 'postgres://u:***@h/db',
      poolSize: 10,
      verbose: false,
      think: 5,
      weights: [1, 2],
      mode: 'read',
    });
    assert.equal('cold' in recorded, false, 'a flag without a declared default is not recorded when off');
  });

  it('reports every bad value at once, naming the flag or the variable and the value', () => {
    const { problems } = resolveOptions(
      orders,
      { '--pool-size': '0', '--think': 'soon', '--mode': 'delete', '--orders-url': 'no url:s3cret@' },
      { ORDERS_LIMIT: 'many' },
    );
    assert.deepEqual(problems, [
      "orders: --orders-url: expected a URL, got 'no url:s3cret@'",
      "orders: --pool-size: must be at least 1, got '0'",
      "orders: ORDERS_LIMIT: expected a whole number, got 'many'",
      "orders: --think: expected a duration such as '500ms', '2s' or '1m', got 'soon'",
      "orders: --mode: expected one of read, write, got 'delete'",
    ]);
  });

  it("never shows a secret option's password, not even in the problem with a value that is no URL", () => {
    // 'port' is no port number, so this does not parse as a URL; its password is still redacted.
    const given = { '--orders-url': 'postgres://u:s3cret@h:port/db' };
    assert.deepEqual(resolveOptions(orders, given, {}).problems, [
      "orders: --orders-url: expected a URL, got 'postgres://u:***@h:port/db'",
    ]);
    const fromEnv = resolveOptions(orders, {}, { ORDERS_URL: 'postgres://u:s3cret@h:port/db' });
    assert.doesNotMatch(fromEnv.problems.join('\n'), /s3cret/);
  });

  it("runs the scenario's cross-checks once every value is good", () => {
    assert.deepEqual(resolveOptions(orders, { '--limit': '500' }, {}).problems, [
      'orders: --limit must be at most 100',
    ]);
  });

  it('hides hidden options from flags and variables', () => {
    const { values } = resolveOptions(orders, { '--peer': 'x' }, { PEER: 'y' });
    assert.equal(values.peer, undefined);
  });

  it('maps commander attribute names back to long flags (--idle-timeout reaches idleTimeoutMs)', () => {
    const given = givenFlags({ idleTimeout: '2s', poolSize: '3' }, [tcpEcho]);
    assert.deepEqual(given, { '--pool-size': '3', '--idle-timeout': '2s' });
    assert.equal(resolveOptions(tcpEcho, given, {}).values.idleTimeoutMs, 2000);
  });
});

describe('defineScenario refuses a broken definition', () => {
  const refused = (definition: object, pattern: RegExp) =>
    assert.throws(
      () => defineScenario(definition as Parameters<typeof defineScenario>[0]),
      (err: unknown) => {
        assert.ok(err instanceof ScenarioDefinitionError, String(err));
        assert.match(err.message, pattern);
        assert.doesNotMatch(err.message, /\n/, 'one line');
        return true;
      },
    );
  const base = { id: 'broken', description: 'broken', variants: { a: noop, b: noop } };

  it('a bad id', () => {
    refused({ ...base, id: 'Tcp Echo' }, /^scenario 'Tcp Echo': bad id "Tcp Echo": use lower-case letters/);
    refused({ ...base, id: undefined }, /^scenario \(no id\): bad id/);
  });

  it('no variants', () => {
    refused({ ...base, variants: {} }, /^scenario 'broken': no variants/);
    refused({ ...base, variants: undefined }, /no variants/);
    refused({ ...base, variants: { a: 'not a function' } }, /variant 'a' must be a function/);
    refused({ ...base, variants: { 'a,b': noop } }, /variant name 'a,b'/);
  });

  it('a baseline that is not a variant', () => {
    refused({ ...base, baseline: 'c' }, /baseline "c" is not a variant \(variants: a, b\)/);
  });

  it('an option declared twice: the same flag, or the same variable', () => {
    const one = option.int({ flag: '--size <n>', env: 'SIZE', description: 'one' });
    const two = option.int({ flag: '--size <n>', env: 'SIZE', description: 'two' });
    refused({ ...base, options: { one, two } }, /options 'one' and 'two' both declare --size/);
    refused({ ...base, options: { one, two } }, /options 'one' and 'two' both read SIZE/);
  });

  it('options that cannot work', () => {
    const cases: [object, RegExp][] = [
      [{ x: option.int({ description: 'no flag' }) }, /option 'x': no flag/],
      [{ x: option.int({ flag: '--x', description: 'x' }) }, /option 'x': flag '--x' takes a value/],
      [
        { x: option.flag({ flag: '--x <v>', description: 'x' }) },
        /flag '--x <v>' of an on\/off option takes no value/,
      ],
      [
        { x: option.string({ hidden: true, flag: '--x <v>', description: 'x' }) },
        /a hidden option takes no flag/,
      ],
      [{ x: option.int({ flag: '--x <n>', usedBy: ['c'], description: 'x' }) }, /usedBy names 'c'/],
      [
        { x: option.int({ flag: '--x <n>', default: 0, description: 'x' }) },
        /default 0 is refused: must be at least 1/,
      ],
      [{ x: option.int({ flag: '--x <n>', default: 1.5, description: 'x' }) }, /default 1.5 is refused/],
      [{ x: 5 }, /option 'x' is not an option/],
    ];
    for (const [opts, pattern] of cases) refused({ ...base, options: opts }, pattern);
  });

  it('not an object at all', () => {
    refused(undefined as unknown as object, /^scenario \(no id\): defineScenario takes an object/);
  });

  it('every problem at once', () => {
    refused(
      { id: 'X', description: '', variants: {}, defaultOps: 0 },
      /bad id.*; no description; no variants.*; defaultOps/,
    );
  });
});

describe('the driver dispatches the variants', () => {
  it('reports an unknown variant itself, for every scenario (even a name Object.prototype has)', async () => {
    for (const name of ['bogus', 'constructor']) {
      await assert.rejects(
        runScenario(orders, {}, {}, testSettings({ variants: [name] }), signal),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.deepEqual(err.problems, [`orders: unknown variant '${name}'; it has unpooled, pooled`]);
          return true;
        },
      );
    }
    const session = await openScenario(orders, {}, signal);
    await assert.rejects(session.setup('toString', { concurrency: 1, signal }), /unknown variant 'toString'/);
  });

  it('refuses options the scenario does not declare, and values its validate() refuses', async () => {
    await assert.rejects(
      openScenario(orders, { poolsize: 3 }, signal),
      /orders: it has no option 'poolsize'/,
    );
    await assert.rejects(openScenario(orders, { limit: 500 }, signal), /orders: --limit must be at most 100/);
  });

  it('gives a scenario without open() a session with nothing to reach', async () => {
    const result = await runScenario(
      sleepScenario,
      {},
      {},
      testSettings({ concurrency: [1], ops: 5 }),
      signal,
    );
    assert.equal(result.target.embedded, true);
    assert.equal(result.baseline, 'short', 'the first variant is the baseline when none is named');
    assert.equal(result.runs[0]?.ops, 5);
  });
});

describe('worker threads import the scenario from its module', () => {
  const url = new URL('../fixtures/sleep-scenario.ts', import.meta.url).href;

  it('imports a scenario by module URL and id, from a default export or the registry list', async () => {
    assert.equal((await importScenario({ url, id: 'sleep' })).id, 'sleep');
    const registry = findScenario('noop')!.source!;
    assert.equal((await importScenario(registry)).id, 'noop');
    await assert.rejects(
      importScenario({ url, id: 'other' }),
      /has no scenario 'other' in its export 'default'/,
    );
  });

  it('says so when a scenario was not loaded from a module a thread can import', async () => {
    const result = await runScenario(
      sleepScenario,
      {},
      {},
      testSettings({ concurrency: [2], ops: 4, threads: 2 }),
      signal,
    );
    assert.match(result.runs[0]!.error ?? '', /not loaded from a module a thread can import/);
  });
});
