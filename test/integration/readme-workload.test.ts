// The README's "Your own workload", taken at its word: its scenario block is written to a file in a fresh
// project of a user's (poolbench and pg in its node_modules, no "type": "module", no build step) and its
// command run as printed, through node_modules/.bin/poolbench as npx finds it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { outcome, projectRoot } from '../helpers/cli.js';
import { schemaProblems } from '../helpers/result-schema.js';
import { shellWords } from '../helpers/shell.js';

/** The first fenced block of `lang` after the heading. */
function block(markdown: string, heading: string, lang: string): string {
  const section = markdown.slice(markdown.indexOf(`\n${heading}\n`));
  const found = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section);
  assert.ok(found, `README: no \`\`\`${lang} block under ${heading}`);
  return found[1]!;
}

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const code = block(readme, '## Your own workload', 'ts');
const command = block(readme, '## Your own workload', 'sh')
  .split('\n')[0]!
  .replace(/\s+#.*$/, '');

const app = mkdtempSync(join(tmpdir(), 'poolbench-readme-'));
after(() => rmSync(app, { recursive: true, force: true }));

describe("README: 'Your own workload'", () => {
  it('is about twenty lines that name their own file', () => {
    const lines = code.trimEnd().split('\n');
    assert.ok(lines.length <= 30, `${lines.length} lines`);
    assert.match(lines[0]!, /^\/\/ bench\/now\.scenario\.ts$/);
    assert.match(command, /^npx poolbench run \.\/bench\/now\.scenario\.ts /);
  });

  it('runs as printed in a fresh project and writes result.json, report.md and charts, pooled vs unpooled', async () => {
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'commonjs' }),
    );
    mkdirSync(join(app, 'node_modules/.bin'), { recursive: true });
    symlinkSync(projectRoot, join(app, 'node_modules/poolbench'), 'dir');
    symlinkSync(join(projectRoot, 'node_modules/pg'), join(app, 'node_modules/pg'), 'dir');
    symlinkSync('../poolbench/bin/poolbench.js', join(app, 'node_modules/.bin/poolbench'));
    const file = join(app, code.split('\n')[0]!.slice(3));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);

    const [npx, tool, ...args] = shellWords(command);
    assert.deepEqual([npx, tool], ['npx', 'poolbench']);
    // one trial and a short warm-up keep the test short; the command is otherwise the README's
    const child = spawn(
      join(app, 'node_modules/.bin/poolbench'),
      [...args, '--trials', '1', '--warmup', '200ms'],
      {
        cwd: app,
      },
    );
    const { code: exit, stderr } = await outcome(child, 120_000);
    assert.equal(exit, 0, stderr);
    const [dir] = readdirSync(join(app, 'reports'));
    const out = join(app, 'reports', dir!);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    assert.deepEqual(schemaProblems(result), []);
    const scenario = result.scenarios[0];
    assert.equal(scenario.id, 'now');
    assert.deepEqual(
      scenario.runs.map((r: { variant: string; status: string }) => [r.variant, r.status]),
      [
        ['unpooled', 'completed'],
        ['pooled', 'completed'],
      ],
    );
    assert.equal(scenario.comparisons.length, 1);
    assert.ok(existsSync(join(out, 'report.md')));
    assert.ok(existsSync(join(out, 'now-throughput.png')));
  });
});
