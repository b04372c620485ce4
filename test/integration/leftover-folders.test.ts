// `poolbench run` starts by removing the temporary folders an earlier killed run left (and stopping the
// servers recorded in them), naming each on one line — but only folders that are poolbench's (named
// poolbench-…, with a marker) and whose owner is gone. Folders of live runs, foreign folders and folders
// whose owner cannot be told gone yet are kept.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Owner, pidSpace, processGone, processStartTicks, thisProcess } from '../../src/util/owner.js';
import { poolbench } from '../helpers/cli.js';
import { waitUntil } from '../helpers/killed-run.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-leftovers-test-'));
const temp = join(work, 'tmp');
mkdirSync(temp);
const servers: number[] = [];
after(() => {
  for (const pid of servers) if (!processGone(pid)) process.kill(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** A pid whose process has exited (a finished `true`). */
function deadPid(): number {
  const child = spawnSync('true');
  assert.ok(child.pid && processGone(child.pid));
  return child.pid;
}

/** A folder as a run leaves it when killed: marker, and a "server" (a sleep) recorded in it. */
function leftover(
  name: string,
  owner: Owner | undefined,
  withServer = false,
): { path: string; pid?: number } {
  const path = join(temp, name);
  mkdirSync(path);
  writeFileSync(join(path, 'data'), 'cluster files');
  if (owner)
    writeFileSync(join(path, 'poolbench-owner.json'), JSON.stringify({ what: 'embedded PostgreSQL', owner }));
  if (!withServer) return { path };
  const server = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  server.unref();
  const pid = server.pid!;
  servers.push(pid);
  const entry = { pid, start: processStartTicks(pid), signal: 'SIGTERM' };
  writeFileSync(join(path, 'poolbench-processes'), `${JSON.stringify(entry)}\n`);
  return { path, pid };
}

describe('leftover run folders', () => {
  it('are removed on start, servers stopped, one line each, when their owner is gone', async () => {
    const now = new Date().toISOString();
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const dead = { pid: deadPid(), pidSpace: pidSpace(), startedAt: now };
    const killed = leftover('poolbench-pg-killed', dead, true);
    const old = leftover('poolbench-redis-old', { pid: 1, pidSpace: 'elsewhere', startedAt: twoDaysAgo });
    const live = leftover('poolbench-pg-live', thisProcess());
    const elsewhere = leftover('poolbench-pg-elsewhere', {
      pid: 12345,
      pidSpace: 'elsewhere',
      startedAt: now,
    });
    const foreign = leftover('poolbench-pg-no-marker', undefined);

    const { code, stderr } = await poolbench(
      [
        'run',
        'noop',
        '-d',
        '100ms',
        '--warmup',
        '0',
        '--trials',
        '1',
        '--format',
        'json',
        '--out',
        join(work, 'out'),
      ],
      { cwd: work, env: { TMPDIR: temp }, timeoutMs: 60_000 },
    );
    assert.equal(code, 0, stderr);
    const removed = stderr.split('\n').filter((l) => l.startsWith('poolbench: removed '));
    assert.equal(removed.length, 2, stderr);
    assert.match(
      stderr,
      new RegExp(
        `poolbench: removed ${killed.path} \\(embedded PostgreSQL of poolbench pid ${dead.pid}, which did not clean up: its process \\(pid ${dead.pid}\\) is gone; stopped pid ${killed.pid}\\)`,
      ),
    );
    assert.match(stderr, new RegExp(`poolbench: removed ${old.path} \\(.*more than a day ago\\)`));
    assert.equal(existsSync(killed.path), false);
    assert.equal(existsSync(old.path), false);
    await waitUntil(() => processGone(killed.pid!), 5000, 'the recorded server is stopped');
    for (const kept of [live, elsewhere, foreign]) assert.ok(existsSync(join(kept.path, 'data')), kept.path);
  });
});
