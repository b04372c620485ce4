// The one table of output formats: every command that writes files validates --format against it (exit 2,
// naming the flag and listing the table), and writes through it.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT } from '../../src/exit-codes.js';
import { exportResult, FORMATS } from '../../src/report/exporters.js';
import { loadFixture } from '../fixtures/load.js';
import { poolbench, projectRoot } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-formats-'));
after(() => rmSync(work, { recursive: true, force: true }));

const fixture = join(projectRoot, 'test/fixtures/result.json');
const sweep = join(projectRoot, 'test/fixtures/result-sweep.json');
const run = (args: string[]) => poolbench(args, { cwd: work, timeoutMs: 60_000 });

describe('output formats', () => {
  it('has one exporter per format, writing in the table’s order whatever the order asked', () => {
    assert.deepEqual(FORMATS, ['json', 'md', 'png', 'github-action-benchmark']);
    const result = loadFixture('result-sweep');
    const files = exportResult(result, ['github-action-benchmark', 'md', 'json']).map((f) => f.file);
    assert.deepEqual(files, [
      'result.json',
      'report.md',
      'github-action-benchmark-bigger.json',
      'github-action-benchmark-smaller.json',
    ]);
    assert.deepEqual(exportResult(result, []), []);
  });

  const out = (name: string) => join(work, name);
  const commands: [string, string[], string | undefined][] = [
    ['run', ['run', 'noop', '--dry-run'], undefined],
    ['report', ['report', fixture, '--out', out('report')], out('report')],
    ['merge', ['merge', fixture, sweep, '--out', out('merge')], out('merge')],
    ['gallery', ['gallery', fixture, '--out', out('gallery.md')], out('gallery.md')],
  ];
  for (const [name, args, written] of commands) {
    it(`${name} --format bogus is a usage error naming --format and the valid formats (exit 2)`, async () => {
      const { code, stderr } = await run([...args, '--format', 'md,bogus']);
      assert.equal(code, EXIT.usage, stderr);
      assert.match(stderr, /--format: unknown format 'bogus'; valid: (.+)/);
      assert.equal(/valid: (.+)/.exec(stderr)?.[1], FORMATS.join(', '));
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      if (written) assert.ok(!existsSync(written), 'nothing written');
    });
  }

  it('report writes exactly the files of the formats asked', async () => {
    const dir = join(work, 'gab');
    const { code, stderr } = await run([
      'report',
      sweep,
      '--out',
      dir,
      '--format',
      'json,github-action-benchmark',
    ]);
    assert.equal(code, EXIT.ok, stderr);
    assert.deepEqual(readdirSync(dir).sort(), [
      'github-action-benchmark-bigger.json',
      'github-action-benchmark-smaller.json',
      'result.json',
    ]);
  });

  it('gallery needs md and png, which its page links', async () => {
    const { code, stderr } = await run(['gallery', sweep, '--out', join(work, 'page.md'), '--format', 'png']);
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /--format: .*include md and png/);
  });
});
