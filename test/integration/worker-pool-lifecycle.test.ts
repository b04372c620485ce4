// worker-pool start-up and clean-up: concurrent vs sequential start of real workers, and no worker
// process surviving a run — finished, interrupted, or with the harness exiting or being SIGKILLed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { workerPool } from '../../scenarios/worker-pool/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { projectRoot } from '../helpers/cli.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';
import { processesWith } from '../helpers/killed-run.js';

const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], ops: 20, warmupMs: 100, ...over });

/** Worker processes whose parent is `parent`, found in /proc. */
const workerChildren = (parent = process.pid) => processesWith('scenarios/worker-pool/worker.', parent);

/** A pid is gone when /proc no longer has it, or it is a zombie waiting for its reaper. */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter((p) => !gone(p));
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(50);
  }
}

describe('worker-pool start-up experiment', () => {
  it('starting 8 workers with a 200 ms init concurrently is at least 3x faster than one after another', async (t) => {
    const result = await runScenario(
      workerPool,
      { worker: 'python', startupWorkers: [8], startupInit: 200 },
      {},
      settings({ variants: [], experiments: true }),
      new AbortController().signal,
    );
    const [exp] = result.experiments ?? [];
    assert.ok(exp, 'no experiment result');
    const point = (name: string) => exp.series.find((s) => s.name === name)?.points.find((p) => p.x === 8);
    const sequential = point('sequential');
    const concurrent = point('concurrent');
    assert.ok(sequential && concurrent);
    // Sequential pays the init 8 times; it can never beat 8 x 200 ms.
    assert.ok(sequential.min >= 1600, `sequential ${sequential.min} ms`);
    assert.ok(concurrent.min >= 200, `concurrent ${concurrent.min} ms`);
    // Other processes on a shared machine only ever add time: compare the least-disturbed of the repeats.
    const ratio = sequential.min / concurrent.min;
    t.diagnostic(
      `fastest of 3: sequential ${sequential.min.toFixed(0)} ms, concurrent ${concurrent.min.toFixed(0)} ms: ${ratio.toFixed(2)}x (medians ${sequential.y.toFixed(0)} / ${concurrent.y.toFixed(0)} ms)`,
    );
    assert.ok(
      ratio >= 3,
      `sequential ${sequential.min} ms / concurrent ${concurrent.min} ms = ${ratio.toFixed(2)}x`,
    );
    assert.deepEqual(workerChildren(), []);
  });
});

describe('worker-pool leaves no processes behind', () => {
  it('after runs of both variants with crashes and hangs', async () => {
    await runScenario(
      workerPool,
      { worker: 'node', faultRate: 0.2, faultKind: 'both', taskTimeout: 300, poolSize: 3 },
      {},
      settings(),
      new AbortController().signal,
    );
    assert.deepEqual(workerChildren(), []);
  });

  it('when the run is interrupted mid-window', async () => {
    const abort = new AbortController();
    const seen = new Set<number>();
    const watcher = setInterval(() => {
      for (const pid of workerChildren()) seen.add(pid);
    }, 50);
    setTimeout(() => abort.abort(), 1500);
    const t0 = Date.now();
    try {
      await runScenario(
        workerPool,
        { worker: 'python' },
        {},
        settings({ concurrency: [8], ops: undefined, durationMs: 30_000, variants: ['pooled'] }),
        abort.signal,
      );
    } finally {
      clearInterval(watcher);
    }
    assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms to stop`);
    assert.ok(seen.size >= 8, `saw only ${seen.size} workers: the test did not catch the pool running`);
    assert.deepEqual(workerChildren(), []);
  });

  it('when the run is interrupted during a slow sequential start-up', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 700);
    const t0 = Date.now();
    const result = await runScenario(
      workerPool,
      { worker: 'python', startupWorkers: [16], startupInit: 500 },
      {},
      settings({ variants: [], experiments: true }),
      abort.signal,
    );
    // 16 x 500 ms one after another would take 8 s; the interrupted start gives up at once.
    assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms to stop`);
    assert.deepEqual(result.experiments ?? [], []);
    assert.deepEqual(workerChildren(), []);
  });

  describe('when the harness ends without close()', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poolbench-worker-pool-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    // A harness that opens a pool of 3 workers plus one hung mid-task, prints their pids, then either
    // exits at once (the 'exit' hook must SIGKILL them) or waits to be SIGKILLed (the workers must
    // notice their stdin closing and exit by themselves).
    const script = join(dir, 'harness.mts');
    writeFileSync(
      script,
      `
import { readdirSync, readFileSync } from 'node:fs';
import { workerPool } from ${JSON.stringify(join(projectRoot, 'scenarios/worker-pool/index.ts'))};
import { openScenario } from ${JSON.stringify(join(projectRoot, 'src/driver/open-scenario.ts'))};
const signal = new AbortController().signal;
const session = await openScenario(workerPool, { worker: process.argv[2], faultRate: 1, faultKind: 'hang', taskTimeout: 60000 }, signal);
const run = await session.setup('pooled', { concurrency: 3, signal });
void run.op({ worker: 0, iteration: 0, time: (_step, fn) => fn() }).catch(() => {});
await new Promise((r) => setTimeout(r, 200));
const pids = readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).filter((p) => {
  try {
    const stat = readFileSync('/proc/' + p + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid &&
      readFileSync('/proc/' + p + '/cmdline', 'utf8').includes('worker-pool/worker.');
  } catch { return false; }
}).map(Number);
console.log(JSON.stringify(pids));
if (process.argv[3] === 'exit') process.exit(0);
setInterval(() => {}, 1000);
`,
    );

    const harness = (kind: string, ending: 'exit' | 'sigkill') =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, kind, ending], {
          cwd: projectRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        let pids: number[] | undefined;
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.stderr.on('data', (d) => {
          err += d;
        });
        child.stdout.on('data', (d) => {
          out += d;
          const line = out.split('\n').find((l) => l.startsWith('['));
          if (line && !pids) {
            pids = JSON.parse(line) as number[];
            if (ending === 'sigkill') child.kill('SIGKILL');
          }
        });
        child.on('close', () => {
          clearTimeout(killer);
          if (pids) resolve(pids);
          else reject(new Error(`harness printed no pids: ${err}`));
        });
      });

    it("exits: the process 'exit' hook kills every worker", async () => {
      const pids = await harness('python', 'exit');
      assert.equal(pids.length, 3);
      // The hook's SIGKILL is synchronous: nothing is left for long.
      assert.deepEqual(await waitGone(pids, 2000), []);
    });

    it('is SIGKILLed: the workers, hung ones too, exit when their stdin closes', async () => {
      for (const kind of ['python', 'node']) {
        const pids = await harness(kind, 'sigkill');
        assert.equal(pids.length, 3, kind);
        assert.deepEqual(await waitGone(pids, 5000), [], `${kind} workers outlived a SIGKILLed harness`);
      }
    });
  });
});
