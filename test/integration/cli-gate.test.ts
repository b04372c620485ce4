// The gate's CLI surface as the README promises it, spawned as a user runs it: `compare --threshold`,
// `--config`, `--out`; `run --baseline` with `--verdict-out` (exit 3 from `run`, and a baseline of another
// machine class refused before measuring); `run --format github-action-benchmark`; `gallery`.
// Baselines are a real tcp-echo result with its pooled/unpooled ratios scaled, so each verdict is known.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BenchmarkResult } from '../../src/model/result.js';
import { poolbench } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-cli-gate-'));
after(() => rmSync(work, { recursive: true, force: true }));
const run = (args: string[]) => poolbench(args, { cwd: work });
const SHORT = ['-c', '2', '-d', '300ms', '--warmup', '0', '--trials', '1', '--micro-time', '0'];
const RATIO = 'tcp-echo pooled c=2 throughputRatio';
/** A short tcp-echo run into `out`, with any gate flags. */
const runEcho = (out: string, ...flags: string[]) =>
  run(['run', 'tcp-echo', ...SHORT, '--format', 'json', '--out', join(work, out), ...flags]);

let measured: BenchmarkResult;
/** The measured result with every ratio multiplied by `factor` (> 1: the baseline was better). */
function scaled(name: string, factor: number, edit: (r: BenchmarkResult) => void = () => {}): string {
  const copy = structuredClone(measured);
  for (const c of copy.scenarios[0]!.comparisons) {
    for (const k of ['throughputRatio', 'p50Ratio', 'p99Ratio'] as const) {
      c[k] *= factor;
      c[`${k}Range`] = c[`${k}Range`].map((v) => v * factor) as [number, number];
    }
  }
  edit(copy);
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

describe('the gate from the command line', () => {
  const first = join(work, 'first');
  before(async () => {
    const out = await run([
      'run',
      'tcp-echo',
      ...SHORT,
      '--format',
      'json,github-action-benchmark',
      '--out',
      first,
    ]);
    assert.equal(out.code, 0, out.stderr);
    measured = JSON.parse(readFileSync(join(first, 'result.json'), 'utf8')) as BenchmarkResult;
  });

  it('run --format github-action-benchmark writes both files next to result.json', () => {
    const bigger = JSON.parse(readFileSync(join(first, 'github-action-benchmark-bigger.json'), 'utf8'));
    const smaller = JSON.parse(readFileSync(join(first, 'github-action-benchmark-smaller.json'), 'utf8'));
    assert.ok(bigger.some((e: { name: string }) => e.name === RATIO));
    assert.ok(
      smaller.some(
        (e: { name: string; unit: string }) => e.name === 'tcp-echo pooled c=2 p99' && e.unit === 'ms',
      ),
    );
  });

  it('compare --threshold decides whether a 50 % drop counts', async () => {
    const better = scaled('better.json', 2);
    const current = join(first, 'result.json');
    const tolerant = await run(['compare', better, current, '--threshold', '60']);
    assert.equal(tolerant.code, 0, tolerant.stderr);
    const strict = await run(['compare', better, current, '--threshold', '40%', '--json']);
    assert.equal(strict.code, 3, strict.stderr);
    assert.ok((JSON.parse(strict.stdout) as { regressions: string[] }).regressions.includes(RATIO));
    const bad = await run(['compare', better, current, '--threshold', 'lots']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threshold: expected a percentage such as 10 or 10%, got 'lots'/);
  });

  it('compare --config reads threshold and rules from a file; a flag wins over it; --out keeps the verdict', async () => {
    const better = scaled('better.json', 2);
    const current = join(first, 'result.json');
    const config = (name: string, data: unknown) => {
      writeFileSync(join(work, name), JSON.stringify(data));
      return join(work, name);
    };
    const loose = config('loose.json', { threshold: 60 });
    assert.equal((await run(['compare', better, current, '--config', loose])).code, 0);
    assert.equal((await run(['compare', better, current, '--config', loose, '--threshold', '40'])).code, 3);
    const rule = config('rule.json', { threshold: 99, failOn: ['tcp-echo.pooled.throughputRatio < -30%'] });
    const verdictFile = join(work, 'verdict.md');
    const ruled = await run(['compare', better, current, '--config', rule, '--out', verdictFile]);
    assert.equal(ruled.code, 3, ruled.stderr);
    assert.match(ruled.stdout, /rule `tcp-echo\.pooled\.throughputRatio < -30%`/);
    assert.equal(readFileSync(verdictFile, 'utf8'), ruled.stdout, '--out holds what was printed');
    const missing = await run(['compare', better, current, '--config', join(work, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--config: cannot read .*nope\.json/);
  });

  it('run --baseline exits 3 on a regression and writes --verdict-out; 0 on an improvement', async () => {
    const better = scaled('better10.json', 10);
    const verdict = join(work, 'run-verdict.md');
    const regressed = await runEcho(
      'gated',
      '--baseline',
      better,
      '--threshold',
      '50',
      '--verdict-out',
      verdict,
    );
    assert.equal(regressed.code, 3, regressed.stderr);
    assert.ok(existsSync(join(work, 'gated', 'result.json')), 'the measured run is saved before the verdict');
    assert.match(
      readFileSync(verdict, 'utf8'),
      /❌ \d+ regressions?[\s\S]*tcp-echo pooled c=2 throughputRatio/,
    );
    const worse = scaled('worse10.json', 0.1);
    const improved = await runEcho('gated2', '--baseline', worse, '--threshold', '50');
    assert.equal(improved.code, 0, improved.stderr);
    assert.match(improved.stdout, /improved/);
  });

  it('run --baseline of another machine class is refused before anything is measured (exit 2)', async () => {
    const other = scaled('other-machine.json', 1, (r) => {
      r.environment = { ...r.environment, cpuCount: 64, machineClass: 'big-box' };
    });
    const refused = await runEcho('never', '--baseline', other);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /cannot compare: the baseline ran on big-box \(64 CPUs, x64\)/);
    assert.ok(!existsSync(join(work, 'never')), 'nothing measured');
    const allowed = await runEcho('never', '--baseline', other, '--allow-other-machine', '--threshold', '95');
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /as asked, comparing although the baseline ran on big-box/);
  });

  it('gallery writes one page embedding each run’s charts; it needs --out', async () => {
    const second = join(work, 'second');
    assert.equal(
      (await run(['run', 'noop', '-d', '200ms', '--warmup', '0', '--trials', '1', '--out', second])).code,
      0,
    );
    const page = join(work, 'RESULTS.md');
    const { code, stderr } = await run([
      'gallery',
      join(first, 'result.json'),
      join(second, 'result.json'),
      '--out',
      page,
    ]);
    assert.equal(code, 0, stderr);
    const md = readFileSync(page, 'utf8');
    assert.match(md, /tcp-echo/);
    assert.match(md, /noop/);
    for (const [, src] of md.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g))
      assert.ok(existsSync(join(work, src!)), `${src} exists next to the page`);
    assert.match(md, /!\[[^\]]*\]\(first\/tcp-echo-throughput\.png\)/);
    const noOut = await run(['gallery', join(first, 'result.json')]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out/);
  });
});
