// The CLI end to end: spawned as a user would run it, against the real in-process tcp-echo server.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { poolbench } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[], opts: { interruptAfterMs?: number; interruptWhen?: RegExp } = {}) =>
  poolbench(args, { cwd: work, ...opts });

const SHORT = ['-d', '300ms', '--warmup', '100ms', '--trials', '1', '--micro-time', '50ms'];

describe('poolbench CLI', () => {
  it('lists every scenario with its variants', async () => {
    const { code, stdout } = await run(['list']);
    assert.equal(code, 0);
    assert.match(stdout, /tcp-echo\s+.+\n\s+variants: unpooled \(baseline\), pooled/);
    assert.match(stdout, /noop/);
  });

  it('documents the exit codes in --help', async () => {
    const { code, stdout } = await run(['run', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Exit codes:[\s\S]*130/);
    assert.match(stdout, /--pool-size/);
  });

  const outDir = join(work, 'run1');
  it('runs tcp-echo end to end and writes JSON, Markdown and PNG', async () => {
    const { code, stdout, stderr } = await run(['run', 'tcp-echo', '-c', '1,4', ...SHORT, '--out', outDir]);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    assert.equal(result.schemaVersion, 1);
    assert.equal(result.tool.name, 'poolbench');
    assert.equal(result.environment.node, process.version);
    assert.equal(result.scenarios[0].id, 'tcp-echo');
    assert.equal(result.scenarios[0].runs.length, 4); // 2 variants x 2 concurrencies x 1 trial
    assert.ok(
      result.scenarios[0].runs.every(
        (r: { status: string; ops: number }) => r.status === 'completed' && r.ops > 0,
      ),
    );
    assert.equal(result.scenarios[0].comparisons.length, 2);
    assert.ok(existsSync(join(outDir, 'report.md')));
    assert.ok(existsSync(join(outDir, 'tcp-echo-throughput.png')));
    assert.match(stdout, /pooled/);
    assert.match(stderr, /wrote .*result\.json/);
  });

  it('re-renders a saved result without measuring', async () => {
    const again = join(work, 'rerender');
    const { code, stderr } = await run([
      'report',
      join(outDir, 'result.json'),
      '--out',
      again,
      '--format',
      'md,png',
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(
      readFileSync(join(again, 'report.md'), 'utf8'),
      readFileSync(join(outDir, 'report.md'), 'utf8'),
    );
    assert.ok(existsSync(join(again, 'tcp-echo-throughput.png')));
    // Markdown alone links no charts, so it never points at missing images
    const mdOnly = join(work, 'md-only');
    assert.equal(
      (await run(['report', join(outDir, 'result.json'), '--out', mdOnly, '--format', 'md'])).code,
      0,
    );
    assert.ok(!existsSync(join(mdOnly, 'tcp-echo-throughput.png')));
    assert.doesNotMatch(readFileSync(join(mdOnly, 'report.md'), 'utf8'), /!\[/);
    // the github-action-benchmark export: bigger- and smaller-is-better files
    const gab = join(work, 'gab');
    const exported = await run([
      'report',
      join(outDir, 'result.json'),
      '--out',
      gab,
      '--format',
      'github-action-benchmark',
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    const bigger = JSON.parse(readFileSync(join(gab, 'github-action-benchmark-bigger.json'), 'utf8'));
    assert.ok(bigger.some((e: { name: string }) => e.name === 'tcp-echo pooled c=4 throughputRatio'));
  });

  it('rejects a result file with an unknown schemaVersion (exit 2)', async () => {
    const file = join(work, 'future.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 99, scenarios: [] }));
    const { code, stderr } = await run(['report', file]);
    assert.equal(code, 2);
    assert.match(stderr, /unknown schemaVersion 99/);
  });

  it('names the valid scenarios and variants for unknown ones (exit 2)', async () => {
    const unknown = await run(['run', 'tcp-ecko']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown scenario 'tcp-ecko'; valid scenarios: .*tcp-echo/);
    const variant = await run(['run', 'tcp-echo', '--variants', 'pooled,bogus']);
    assert.equal(variant.code, 2);
    assert.match(variant.stderr, /unknown variant 'bogus'; valid for tcp-echo: unpooled, pooled/);
  });

  it('reports every bad number and duration at once, naming flag and value (exit 2)', async () => {
    const { code, stderr } = await run([
      'run',
      'tcp-echo',
      '-c',
      '0',
      '--trials',
      '-1',
      '-d',
      'soon',
      '--warmup',
      'x',
      '--payload',
      'big',
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /-c, --concurrency: .*got '0'/);
    assert.match(stderr, /--trials: .*got '-1'/);
    assert.match(stderr, /-d, --duration: .*got 'soon'/);
    assert.match(stderr, /--warmup: .*got 'x'/);
    assert.match(stderr, /--payload: .*got 'big'/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    const ops = await run(['run', 'tcp-echo', '-n', 'abc']);
    assert.equal(ops.code, 2);
    assert.match(ops.stderr, /-n, --ops: .*got 'abc'/);
  });

  it('rejects an option of another scenario (exit 2)', async () => {
    const { code, stderr } = await run(['run', 'noop', '--payload', '10']);
    assert.equal(code, 2);
    assert.match(stderr, /--payload does not apply to noop/);
  });

  it('says in one line that an unreachable target is unreachable (exit 1)', async () => {
    const { code, stderr } = await run([
      'run',
      'tcp-echo',
      '--target',
      '127.0.0.1:1',
      ...SHORT,
      '--out',
      join(work, 'x'),
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /127\.0\.0\.1:1/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('stops cleanly on Ctrl-C, saves what finished and exits 130', async () => {
    const dir = join(work, 'interrupted');
    const { code, stderr } = await run(
      ['run', 'tcp-echo', '-c', '2', '-d', '1s', '--warmup', '0', '--trials', '5', '--out', dir],
      { interruptWhen: /trial 1\/5/ },
    );
    assert.equal(code, 130, stderr);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    assert.equal(result.interrupted, true);
    assert.ok(result.scenarios[0].runs.length >= 1);
    assert.ok(result.scenarios[0].runs.length < 10);
  });

  it('measures its own cost per op with the noop scenario', async () => {
    const dir = join(work, 'noop');
    const { code, stderr } = await run([
      'run',
      'noop',
      '-d',
      '300ms',
      '--warmup',
      '50ms',
      '--trials',
      '1',
      '--format',
      'json',
      '--out',
      dir,
    ]);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const noopRun = result.scenarios[0].runs[0];
    assert.ok(noopRun.throughput > 10_000, `noop throughput ${noopRun.throughput}`);

    assert.ok(!existsSync(join(dir, 'report.md')));
  });
});
