// No measured run is lost to its output folder: one that cannot take files is refused before measuring
// (exit 2), and one that goes away mid-run gets the result written to the temp folder instead (exit 1).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { outcome, poolbench, spawnPoolbench } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-out-'));
const temp = join(work, 'tmp'); // the runs' temp folder, where a fallback result lands
mkdirSync(temp);
after(() => rmSync(work, { recursive: true, force: true }));
const env = { TMPDIR: temp };

async function waitFor(path: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${limitMs} ms`);
    await sleep(20);
  }
}

/** Runs noop for 2 s and lets `spoil` do its worst to the output folder as soon as it exists. */
async function runAndSpoil(out: string, spoil: () => void) {
  const child = spawnPoolbench(['run', 'noop', '-d', '2s', '--warmup', '0s', '--trials', '1', '--out', out], {
    cwd: work,
    env,
  });
  const finished = outcome(child, 60_000);
  await waitFor(out, 30_000);
  spoil();
  return finished;
}

function fallbackOf(stderr: string): string {
  const path = stderr.match(/the result is saved in (\S+);/)?.[1];
  assert.ok(path, stderr);
  return path;
}

describe('run --out', () => {
  it('under a file: exit 2 naming --out and the reason, before anything is measured', async () => {
    writeFileSync(join(work, 'a-file'), '');
    // A minute of measuring would outlast the time limit: only a refusal before measuring passes.
    const { code, stderr } = await poolbench(['run', 'noop', '-d', '60s', '--out', 'a-file/x'], {
      cwd: work,
      env,
      timeoutMs: 30_000,
    });
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^poolbench: --out a-file\/x: not a directory \(ENOTDIR\)$/m);
    assert.doesNotMatch(stderr, /unexpected error/);
  });

  it('removed mid-run: the result goes to a valid file in the temp folder, whose path is printed; exit 1', async () => {
    const out = join(work, 'removed');
    const { code, stderr } = await runAndSpoil(out, () => rmSync(out, { recursive: true }));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /cannot write .*removed\/result\.json: no such file or directory \(ENOENT\)/);
    const fallback = fallbackOf(stderr);
    assert.ok(fallback.startsWith(temp), fallback);
    const result = JSON.parse(readFileSync(fallback, 'utf8'));
    assert.equal(result.schemaVersion, 1);
    assert.equal(result.scenarios[0].id, 'noop');
    assert.ok(result.scenarios[0].runs[0].ops > 0);
  });

  it('replaced by a file mid-run: the result still reaches the temp folder', async () => {
    const out = join(work, 'replaced');
    const { code, stderr } = await runAndSpoil(out, () => {
      rmSync(out, { recursive: true });
      writeFileSync(out, '');
    });
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, /unexpected error/);
    const result = JSON.parse(readFileSync(fallbackOf(stderr), 'utf8'));
    assert.equal(result.scenarios[0].id, 'noop');
  });

  it('a run that measured nothing leaves no empty output folder', async () => {
    const out = join(work, 'nothing', 'x');
    const { code } = await poolbench(
      ['run', 'redis', '--redis-url', 'redis://127.0.0.1:1', '-d', '1s', '--out', out],
      { cwd: work, env, timeoutMs: 60_000 },
    );
    assert.equal(code, 1);
    assert.ok(!existsSync(join(work, 'nothing')));
  });
});

describe('merge and report --out', () => {
  it('under a file: exit 2 naming --out', async () => {
    writeFileSync(join(work, 'b-file'), '');
    const fixture = join(import.meta.dirname, '../fixtures/result.json');
    const merged = await poolbench(['merge', fixture, fixture, '--out', 'b-file/m'], { cwd: work, env });
    assert.equal(merged.code, 2, merged.stderr);
    assert.match(merged.stderr, /^poolbench: --out b-file\/m: not a directory \(ENOTDIR\)$/m);
    const report = await poolbench(['report', fixture, '--out', 'b-file/r'], { cwd: work, env });
    assert.equal(report.code, 2, report.stderr);
    assert.match(report.stderr, /^poolbench: --out b-file\/r: not a directory \(ENOTDIR\)$/m);
  });
});
