// Scenario files on the command line, as a user writes them: `poolbench run ./bench/x.scenario.ts`, in
// TypeScript and JavaScript, through the source CLI and the built one (bin/poolbench.js, no tsx loader of
// its own), split over worker threads; and every kind of broken file as one line naming it, exit 2.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { outcome, poolbench, projectRoot } from '../helpers/cli.js';
import { schemaProblems } from '../helpers/result-schema.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-files-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'bench'));

// Outside the project, a file reaches the contract by its path (inside a project, `from 'poolbench'`).
const contract = JSON.stringify(pathToFileURL(join(projectRoot, 'src/scenario/index.ts')).href);
const write = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return `./${name}`;
};

const SLEEPY = `import { setTimeout as sleep } from 'node:timers/promises';
import { defineScenario, option } from ${contract};

export default defineScenario({
  id: 'sleepy',
  description: 'Each op sleeps; the unpooled one longer',
  options: {
    sleepMs: option.int({ flag: '--sleep-ms <n>', default: 1, min: 0, description: 'sleep per op in ms' }),
    label: option.choice({ flag: '--label <name>', choices: ['a', 'b'], default: 'a', usedBy: ['pooled'], description: 'a label' }),
  },
  variants: {
    unpooled: ({ options }) => ({ op: () => sleep(options.sleepMs + 1) }),
    pooled: ({ options }) => ({ op: () => sleep(options.sleepMs), details: () => ({ label: options.label }) }),
  },
});
`;
const sleepy = write('bench/sleepy.scenario.ts', SLEEPY);
const SHORT = ['-d', '300ms', '--warmup', '0', '--trials', '1', '--format', 'json', '-q'];

const run = (args: string[]) => poolbench(args, { cwd: work });
/** The built CLI, as `npx poolbench` starts it: no tsx loader unless a TypeScript file asks for one. */
const built = (args: string[]) =>
  outcome(spawn(process.execPath, [join(projectRoot, 'bin/poolbench.js'), ...args], { cwd: work }), 60_000);

/** The result.json a run wrote, checked against the shipped JSON Schema. */
const readResult = (dir: string) => {
  const result = JSON.parse(readFileSync(join(work, dir, 'result.json'), 'utf8'));
  assert.deepEqual(schemaProblems(result), []);
  return result;
};

describe('a scenario file on the command line', () => {
  it('lists its variants, baseline first', async () => {
    const { code, stdout, stderr } = await run(['list', sleepy]);
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /^sleepy\s+Each op sleeps; the unpooled one longer\n\s+variants: unpooled \(baseline\), pooled\n?$/,
    );
  });

  it('shows its variants and options in run --help', async () => {
    const { code, stdout } = await run(['run', sleepy, '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--sleep-ms <n>\s+sleep per op in ms \[sleepy\]/);
    assert.match(stdout, /--label <name>\s+a label \[sleepy: pooled\]/);
    assert.match(stdout, /Scenario file \.\/bench\/sleepy\.scenario\.ts: sleepy/);
    assert.match(stdout, /--sleep-ms <n>\s+sleep per op in ms \(default 1\)/);
  });

  it('runs a TypeScript file with its typed options, pooled vs unpooled', async () => {
    const { code, stderr } = await run([
      'run',
      sleepy,
      '--sleep-ms',
      '2',
      '-c',
      '2',
      ...SHORT,
      '--out',
      'ts',
    ]);
    assert.equal(code, 0, stderr);
    const scenario = readResult('ts').scenarios[0];
    assert.equal(scenario.id, 'sleepy');
    assert.deepEqual(scenario.options, { sleepMs: 2, label: 'a' });
    assert.deepEqual(
      scenario.runs.map((r: { variant: string; status: string }) => [r.variant, r.status]),
      [
        ['unpooled', 'completed'],
        ['pooled', 'completed'],
      ],
    );
    assert.equal(scenario.comparisons.length, 1);
  });

  it('runs it from the built CLI (no build step for the file) split over 2 worker threads', async () => {
    const { code, stderr } = await built([
      'run',
      sleepy,
      '-c',
      '2',
      '--workers',
      '2',
      ...SHORT,
      '--out',
      'built',
    ]);
    assert.equal(code, 0, stderr);
    for (const r of readResult('built').scenarios[0].runs) {
      assert.equal(r.status, 'completed', r.error);
      assert.equal(r.perThread.length, 2);
    }
  });

  it('runs a JavaScript module beside a built-in, and tells a value ending in .js from a file', async () => {
    // plain JavaScript imports the compiled contract (dist/, built by npm ci)
    const compiled = JSON.stringify(pathToFileURL(join(projectRoot, 'dist/src/scenario/index.js')).href);
    const js = write(
      'plain.scenario.mjs',
      SLEEPY.replace("id: 'sleepy'", "id: 'plain'").replace(contract, compiled),
    );
    const { code, stderr } = await built([
      'run',
      'noop',
      js,
      ...SHORT,
      '-n',
      '50',
      '-d',
      '0',
      '--out',
      'x.js',
    ]);
    // -d and -n together is a usage error naming them: the value 'x.js' of --out was not taken for a file
    assert.equal(code, 2);
    assert.match(stderr, /-d, --duration and -n, --ops exclude each other/);
    const ok = await built([
      'run',
      'noop',
      js,
      '-n',
      '50',
      '--warmup',
      '0',
      '--trials',
      '1',
      '-q',
      '--out',
      'x.js',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(
      JSON.parse(readFileSync(join(work, 'x.js', 'result.json'), 'utf8')).scenarios.map(
        (s: { id: string }) => s.id,
      ),
      ['noop', 'plain'],
    );
  });

  it('is exit 1 as any run when its target fails', async () => {
    const file = write(
      'refused.scenario.ts',
      `import { defineScenario } from ${contract};
export default defineScenario({ id: 'refused', description: 'cannot connect',
  variants: { only: () => ({ op: async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); } }) } });`,
    );
    const { code, stderr } = await run(['run', file, ...SHORT, '--out', 'refused']);
    assert.equal(code, 1, stderr);
    assert.equal(readResult('refused').scenarios[0].runs[0].status, 'errored');
  });
});

describe('a broken scenario file', () => {
  const define = (body: string) =>
    `import { defineScenario, option } from ${contract};\nexport default defineScenario(${body});\n`;
  const op = '() => ({ op: async () => {} })';
  const cases: [string, string, string, RegExp][] = [
    ['does not exist', 'missing.scenario.ts', '', /^poolbench: \.\/missing\.scenario\.ts: no such file$/],
    [
      'does not parse (TypeScript)',
      'unparsed.ts',
      "export default {\n  id: 'x',\n  variants: { a: () => ({ op: async () => {} }) \n",
      /^poolbench: \.\/unparsed\.ts: does not parse: Expected "}" but found end of file \(line 4\)$/,
    ],
    [
      'does not parse (JavaScript)',
      'unparsed.mjs',
      "export default {\n  id: 'x',,\n};\n",
      /^poolbench: \.\/unparsed\.mjs: does not parse: Unexpected token ','$/,
    ],
    [
      'exports no scenario',
      'nothing.mjs',
      'export const answer = 42;\n',
      /^poolbench: \.\/nothing\.mjs: exports no scenario: write `export default defineScenario/,
    ],
    [
      'declares an option twice',
      'twice.ts',
      define(`{ id: 'twice', description: 'd', variants: { a: ${op} }, options: {
        size: option.int({ flag: '--size <n>', description: 'size' }),
        count: option.int({ flag: '--size <n>', description: 'count' }) } }`),
      /^poolbench: \.\/twice\.ts: scenario 'twice': options 'size' and 'count' both declare --size$/,
    ],
    [
      'names no variants',
      'none.ts',
      define(`{ id: 'none', description: 'd', variants: {} }`),
      /^poolbench: \.\/none\.ts: scenario 'none': no variants: declare at least one/,
    ],
    [
      'names a baseline that is not a variant',
      'baseline.ts',
      define(`{ id: 'bl', description: 'd', baseline: 'pooled', variants: { unpooled: ${op} } }`),
      /^poolbench: \.\/baseline\.ts: scenario 'bl': baseline "pooled" is not a variant \(variants: unpooled\)$/,
    ],
    [
      "takes a built-in's id",
      'noop.ts',
      define(`{ id: 'noop', description: 'd', variants: { a: ${op} } }`),
      /^poolbench: \.\/noop\.ts: scenario id 'noop' is taken \(a built-in scenario\): give it another id$/,
    ],
    [
      "declares one of run's own flags",
      'own-flag.ts',
      define(`{ id: 'own', description: 'd', variants: { a: ${op} },
        options: { out: option.string({ flag: '--out <dir>', description: 'where' }) } }`),
      /^poolbench: \.\/own-flag\.ts: option 'out': --out is one of poolbench run's own flags: give it another name$/,
    ],
    [
      'imports a package that is not installed',
      'missing-import.mjs',
      "import 'no-such-package-here';\n",
      /^poolbench: \.\/missing-import\.mjs: cannot be loaded: Cannot find package 'no-such-package-here'/,
    ],
  ];
  for (const [what, name, text, expected] of cases) {
    it(`${what}: one line naming the file, exit 2, no stack`, async () => {
      const file = text === '' ? `./${name}` : write(name, text);
      for (const cli of [run, built]) {
        const { code, stdout, stderr } = await cli(['run', file, ...SHORT]);
        assert.equal(code, 2, stderr);
        assert.equal(stdout, '');
        assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
        assert.match(stderr.trimEnd(), expected);
      }
    });
  }
});
