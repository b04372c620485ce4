// A client library's repeated warning is caught while a run measures and shown once, with its count, in
// the console and the report. The real case: a Redis URL with a password the local Redis (none set) does
// not need makes ioredis warn on every RESP2 connection (its AUTH is refused; HELLO 3 passes quietly), as
// in the unpooled-lean variant, which opens one per op.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { captureWarnings, describeWarning } from '../../src/util/library-warnings.js';
import { poolbench } from '../helpers/cli.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const withPassword = (() => {
  const url = new URL(REDIS_URL);
  url.password = 'not-needed';
  return url.toString();
})();
const IOREDIS_WARNING =
  "This Redis server's `default` user does not require a password, but a password was supplied";

const work = mkdtempSync(join(tmpdir(), 'poolbench-warnings-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('library warnings', () => {
  it('are counted per message and named after the package that printed them', async () => {
    const originalWarn = console.warn;
    const caught = captureWarnings();
    try {
      for (let i = 0; i < 3; i++) {
        const client = new Redis(withPassword, { lazyConnect: true, protocol: 2 });
        await client.connect();
        await client.quit();
      }
      console.warn('[WARN] a note from', 'here');
      console.warn('[WARN] a note from', 'here');
      process.emitWarning('something old', 'DeprecationWarning');
    } finally {
      const warnings = caught.stop();
      assert.deepEqual(
        warnings.map(describeWarning).sort(),
        [
          `ioredis: ${IOREDIS_WARNING} (×3)`,
          'poolbench: DeprecationWarning: something old (once)',
          'poolbench: a note from here (×2)',
        ].sort(),
      );
    }
    assert.equal(console.warn, originalWarn, 'console.warn is put back');
  });

  for (const threads of [1, 2]) {
    it(`are shown once with their count by the CLI (${threads} load thread${threads > 1 ? 's' : ''})`, async () => {
      const out = join(work, `run-${threads}`);
      const args = [
        'run',
        'redis',
        '--redis-url',
        withPassword,
        '--variants',
        'unpooled-lean',
        '-d',
        '300ms',
      ];
      const window = ['--warmup', '0', '--trials', '1', '-c', '2', '--micro-time', '0', '--no-experiments'];
      const { code, stdout, stderr } = await poolbench(
        [...args, ...window, '--workers', String(threads), '--format', 'json,md', '--out', out],
        { cwd: work, timeoutMs: 120_000 },
      );
      assert.equal(code, 0, stderr);
      assert.doesNotMatch(stderr, /does not require a password/);
      const printed = `${stdout}\n${stderr}`.split('\n').filter((l) => l.includes(IOREDIS_WARNING));
      assert.equal(printed.length, 1, printed.join('\n'));
      const [, n] = /ioredis: .* \(×([\d,]+)\)/.exec(printed[0]!) ?? [];
      const count = Number(n?.replaceAll(',', ''));
      // Every connection warns once: at least one per unpooled op.
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).scenarios[0];
      const ops = result.runs.reduce((sum: number, r: { ops: number }) => sum + r.ops, 0);
      assert.ok(count >= ops && ops > 10, `count ${count}, ops ${ops}`);
      assert.equal(result.warnings.filter((w: string) => w.includes(IOREDIS_WARNING)).length, 1);
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      assert.equal(report.split(IOREDIS_WARNING).length - 1, 1, 'once in report.md');
    });
  }
});
