// `kill -9` of poolbench mid-run leaves nothing behind: the embedded PostgreSQL, a spawned redis-server and
// worker processes die with it, the servers' folders go, and so does the watchdog that saw to it. The CLI
// runs as a user runs it; every wait has a time limit.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { processGone } from '../../src/util/owner.js';
import { spawnPoolbench } from '../helpers/cli.js';
import { entriesLike, killMidRun, processesWith, waitUntil } from '../helpers/killed-run.js';
import { PG_ENV } from '../helpers/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'poolbench-kill9-test-'));
/** The runs' TMPDIR, where the servers' folders go. */
const temp = join(work, 'tmp');
before(() => {
  // As root the embedded server runs as another account, which must reach its folder.
  chmodSync(work, 0o755);
  mkdirSync(temp, { mode: 0o755 });
});
after(() => rmSync(work, { recursive: true, force: true }));

// No configured server: poolbench starts its own.
const env = {
  ...Object.fromEntries([...PG_ENV, 'REDIS_URL'].map((name) => [name, undefined])),
  TMPDIR: temp,
};
const LONG = ['-c', '2', '--trials', '1', '--warmup', '0', '--format', 'json', '--out', join(work, 'out')];

/** The watchdog of a poolbench process: its last argument is that process's pid. */
function watchdogsOf(pid: number): number[] {
  return processesWith('watchdog-process').filter((w) => {
    try {
      return readFileSync(`/proc/${w}/cmdline`, 'utf8').split('\0').filter(Boolean).at(-1) === String(pid);
    } catch {
      return false;
    }
  });
}

/** Waits until the pids and the folders named `prefix`… are gone, then until the watchdog has exited. */
async function nothingLeft(killed: number, pids: number[], prefix: string, ms: number): Promise<void> {
  await waitUntil(
    () => pids.every(processGone) && entriesLike(temp, prefix).length === 0,
    ms,
    () => `pids ${pids.filter((p) => !processGone(p))} and folders ${entriesLike(temp, prefix)} are gone`,
  );
  await waitUntil(() => watchdogsOf(killed).length === 0, 5000, 'the watchdog has exited');
}

describe('a run that ends normally', () => {
  it('leaves no server folder, and its watchdog exits', async () => {
    const child = spawnPoolbench(
      [
        'run',
        'redis',
        '--variants',
        'pooled',
        '-d',
        '200ms',
        ...LONG,
        '--micro-time',
        '0',
        '--no-experiments',
      ],
      {
        cwd: work,
        env,
      },
    );
    child.stdout.resume();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((resolve) => child.once('close', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /redis: target throwaway/);
    await nothingLeft(child.pid!, [], 'poolbench-redis-', 1000);
  });
});

describe('kill -9 of poolbench mid-run', () => {
  it('stops the embedded PostgreSQL and removes its data folder', async () => {
    let postmaster = 0;
    const killed = await killMidRun(['run', 'postgres-crud', '--records', '1000000', ...LONG], {
      cwd: work,
      env,
      busy: (stderr) => {
        const [folder] = entriesLike(temp, 'poolbench-pg-');
        if (!folder || !/postgres-crud: target embedded PostgreSQL/.test(stderr)) return false;
        postmaster = Number.parseInt(readFileSync(join(temp, folder, 'data', 'postmaster.pid'), 'utf8'), 10);
        return true;
      },
    });
    assert.ok(postmaster > 0);
    await nothingLeft(killed.pid, [postmaster], 'poolbench-pg-', 15_000);
  });

  it('stops a spawned redis-server and removes its folder', async () => {
    let servers: number[] = [];
    const killed = await killMidRun(['run', 'redis', '--variants', 'pooled', '-d', '60s', ...LONG], {
      cwd: work,
      env,
      busy: (stderr, pid) => {
        servers = processesWith('redis-server', pid);
        const folders = entriesLike(temp, 'poolbench-redis-');
        return /redis: target throwaway/.test(stderr) && servers.length > 0 && folders.length > 0;
      },
    });
    assert.equal(servers.length, 1);
    await nothingLeft(killed.pid, servers, 'poolbench-redis-', 10_000);
  });

  for (const [state, extra] of [
    ['waiting for their next task', []],
    // The kill comes long before a worker is ready: it must not live out its start-up first.
    ['still starting (20 s --worker-init)', ['--worker-init', '20s']],
  ] as const) {
    it(`ends worker processes ${state}`, async () => {
      let workers: number[] = [];
      await killMidRun(
        ['run', 'worker-pool', '--worker', 'python', '--variants', 'pooled', '-d', '60s', ...extra, ...LONG],
        {
          cwd: work,
          env,
          busy: (stderr, pid) => {
            workers = processesWith('worker-pool/worker.py', pid);
            return /worker-pool: target/.test(stderr) && workers.length >= 2;
          },
        },
      );
      await waitUntil(() => workers.every(processGone), 5000, `workers ${workers} are gone`);
    });
  }
});
