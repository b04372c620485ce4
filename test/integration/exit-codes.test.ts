// The one table of exit codes: the error classes carry its codes, every command's --help prints it, and the
// README documents the same codes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, InterruptedError, TargetError } from '../../src/errors.js';
import { EXIT, EXIT_CODES, EXIT_CODES_HELP } from '../../src/exit-codes.js';
import { poolbench, projectRoot } from '../helpers/cli.js';

describe('exit codes', () => {
  it('keeps the codes scripts rely on', () => {
    assert.deepEqual(EXIT, { ok: 0, runFailed: 1, usage: 2, regression: 3, interrupted: 130 });
  });

  it('gives each error class its code from the table', () => {
    assert.equal(new ConfigError(['x']).exitCode, EXIT.usage);
    assert.equal(new TargetError('x').exitCode, EXIT.runFailed);
    assert.equal(new InterruptedError().exitCode, EXIT.interrupted);
  });

  it('prints the table, one line per code, at the end of every command’s help', async () => {
    for (const { code, meaning } of Object.values(EXIT_CODES)) {
      assert.ok(EXIT_CODES_HELP.includes(`  ${String(code).padEnd(5)}${meaning}\n`.trimEnd()), meaning);
    }
    for (const args of [
      ['--help'],
      ...['run', 'compare', 'report', 'merge', 'gallery'].map((c) => [c, '--help']),
    ]) {
      const { code, stdout } = await poolbench(args, { cwd: projectRoot, timeoutMs: 30_000 });
      assert.equal(code, EXIT.ok);
      assert.ok(stdout.trimEnd().endsWith(EXIT_CODES_HELP.trimEnd()), `${args.join(' ')}:\n${stdout}`);
    }
  });

  it('is the table the README documents', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('## How it measures'));
    const codes = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      codes,
      Object.values(EXIT_CODES).map((e) => e.code),
    );
  });
});
