// The package as a user's program imports it: `from 'poolbench'` in a project of its own (node_modules/poolbench
// a link to this folder, as `npm link` makes it), through the exports map into dist/ and its type declarations.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { outcome, projectRoot } from '../helpers/cli.js';

const app = mkdtempSync(join(tmpdir(), 'poolbench-app-'));
after(() => rmSync(app, { recursive: true, force: true }));
mkdirSync(join(app, 'node_modules'));
symlinkSync(projectRoot, join(app, 'node_modules/poolbench'), 'dir');
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));

const node = (file: string, args: string[] = []) =>
  spawn(process.execPath, [join(app, file), ...args], { cwd: app });

const PROGRAM = `import { compare, ConfigError, defineScenario, option, ResourcePool, run, TargetError } from 'poolbench';

let opened = 0;
const tokens = defineScenario({
  id: 'tokens',
  description: 'A token per op: made fresh, or borrowed from a ResourcePool',
  options: { poolSize: option.int({ flag: '--pool-size <n>', default: 2, usedBy: ['pooled'], description: 'pool size' }) },
  variants: {
    unpooled: () => ({ op: async () => { opened++; } }),
    pooled: ({ options }) => {
      const pool = new ResourcePool({ max: options.poolSize, create: async () => ({ n: opened++ }), destroy: () => {} });
      return { op: () => pool.use(async () => {}), gauges: () => pool.gauges(), teardown: () => pool.close() };
    },
  },
});

const result = await run({ scenarios: tokens, options: { poolSize: 3 }, concurrency: [1, 4], ops: 200, warmup: 0, trials: 1 });
const problems = await run({ scenarios: [tokens], concurrency: 0, duration: 'soon', options: { size: 1 } }).catch((e) => e);
const failing = defineScenario({ id: 'failing', description: 'cannot reach its target',
  open: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:1'); }, variants: { only: () => ({ op: async () => {} }) } });
const target = await run({ scenarios: failing, ops: 1 }).catch((e) => e);
const builtIn = await run({ scenarios: 'noop', ops: 100, warmup: 0, trials: 1, workers: 2, concurrency: 2 });
const verdict = compare(result, result);
console.log(JSON.stringify({
  options: result.scenarios[0].options,
  runs: result.scenarios[0].runs.map((r) => [r.variant, r.concurrency, r.status, r.ops, r.pool?.created ?? null]),
  comparisons: result.scenarios[0].comparisons.length,
  problems: problems instanceof ConfigError ? problems.problems : String(problems),
  target: target instanceof TargetError ? [target.message, target.result.scenarios.length] : String(target),
  builtIn: builtIn.scenarios[0].runs.map((r) => [r.status, r.perThread?.length]),
  verdict: verdict.passed,
}));
`;

describe("the package, imported by name from a user's project", () => {
  it('runs a defined scenario and returns the result object; throws ConfigError and TargetError', async () => {
    writeFileSync(join(app, 'program.mjs'), PROGRAM);
    const { code, stdout, stderr } = await outcome(node('program.mjs'), 120_000);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.options, { poolSize: 3 });
    assert.deepEqual(
      out.runs.map((r: unknown[]) => r.slice(0, 4)),
      [
        ['unpooled', 1, 'completed', 200],
        ['pooled', 1, 'completed', 200],
        ['unpooled', 4, 'completed', 200],
        ['pooled', 4, 'completed', 200],
      ],
    );
    assert.ok(out.runs[3][4] <= 3, `the pool made at most its 3 tokens, made ${out.runs[3][4]}`);
    assert.equal(out.comparisons, 2);
    assert.deepEqual(out.problems, [
      "-c, --concurrency: expected positive whole numbers separated by commas (e.g. 1,10,50), got '0'",
      "-d, --duration: expected a positive duration such as '500ms', '10s' or '1m', got 'soon'",
      'options.size: not an option of tokens (options: poolSize)',
    ]);
    assert.deepEqual(out.target, ['failing: connect ECONNREFUSED 127.0.0.1:1', 0]);
    assert.deepEqual(out.builtIn, [['completed', 2]]);
    assert.equal(out.verdict, true);
  });

  it('type-checks against the declarations: option values typed from their specs', async () => {
    writeFileSync(
      join(app, 'typed.ts'),
      `import { defineScenario, option, run, type BenchmarkResult } from 'poolbench';
const s = defineScenario({
  id: 'typed', description: 'types',
  options: { size: option.int({ flag: '--size <n>', default: 1, description: 'n' }), cold: option.flag({ flag: '--cold', description: 'c' }) },
  variants: { a: ({ options }) => { const n: number = options.size; const b: boolean = options.cold; return { op: async () => { void n; void b; } }; } },
});
// @ts-expect-error an int option is a number, not text
const wrong: string = s.options.size.default;
const result: Promise<BenchmarkResult> = run({ scenarios: s });
void wrong; void result;
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          target: 'ES2022',
          types: ['node'],
          typeRoots: [join(projectRoot, 'node_modules/@types')],
        },
        files: ['typed.ts'],
      }),
    );
    const tsc = spawn(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', app], {
      cwd: app,
    });
    const { code, stdout } = await outcome(tsc, 120_000);
    assert.equal(code, 0, stdout);
  });

  it('cleans up when Ctrl-C arrives during run(), and throws InterruptedError with what finished', async () => {
    const marker = join(app, 'open.marker');
    writeFileSync(
      join(app, 'held.mjs'),
      `import { rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineScenario, InterruptedError, run } from 'poolbench';
const held = defineScenario({ id: 'held', description: 'holds a file while open',
  open: async () => { writeFileSync(${JSON.stringify(marker)}, 'open'); return { close: () => rmSync(${JSON.stringify(marker)}) }; },
  variants: { only: () => ({ op: () => sleep(2) }) } });
try { await run({ scenarios: held, duration: '60s', warmup: 0, trials: 1 }); console.log('finished'); }
catch (err) { console.log(err instanceof InterruptedError ? 'interrupted ' + err.result.scenarios.length + ' ' + err.result.interrupted : 'other ' + err); }
`,
    );
    const child = node('held.mjs');
    const done = outcome(child, 60_000);
    for (let waited = 0; !existsSync(marker) && waited < 30_000; waited += 50) await sleep(50);
    assert.ok(existsSync(marker), 'the scenario opened');
    await sleep(300);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), 'interrupted 1 true');
    assert.ok(!existsSync(marker), 'close() ran');
  });
});
