// worker-pool against real worker processes (python3 and node): the stdio protocol and its parser, both
// variants with both worker kinds, injected crashes and hangs, and a missing interpreter.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workerPool } from '../../scenarios/worker-pool/index.js';
import { resolveInterpreter } from '../../scenarios/worker-pool/interpreter.js';
import { WorkerLauncher, workerCommand } from '../../scenarios/worker-pool/launcher.js';
import { TaskError } from '../../scenarios/worker-pool/worker-errors.js';
import { openScenario } from '../../src/driver/open-scenario.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { TargetError } from '../../src/errors.js';
import type { RunResult } from '../../src/model/result.js';
import { type OptionBag, optionValues } from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';

const signal = new AbortController().signal;
const kinds = ['python', 'node'] as const;

const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], ops: 24, warmupMs: 100, ...over });

function run(result: { runs: RunResult[] }, variant: string): RunResult {
  const found = result.runs.find((r) => r.variant === variant);
  assert.ok(found, `no ${variant} run`);
  return found;
}

describe('worker-pool workers', () => {
  for (const kind of kinds) {
    it(`${kind} worker evaluates expressions without eval and rejects bad ones`, async () => {
      const interpreter = await resolveInterpreter(optionValues(workerPool, { worker: kind }), signal);
      const launcher = new WorkerLauncher(
        workerCommand(interpreter, { initMs: 0, workMs: 0, workMode: 'sleep' }),
        0,
      );
      const worker = await launcher.start();
      try {
        const ask = (expr: string) => worker.request({ expr, timeoutMs: 5000 });
        assert.equal(await ask('(2+3)*4'), 20);
        assert.equal(await ask('-(1 + 2) * -3'), 9);
        assert.equal(await ask('7/2'), 3.5);
        assert.equal(await ask('1.5*2 - -3'), 6);
        assert.equal(await ask('2 - 3 - 4'), -5); // left-associative
        assert.equal(await ask('2 + 3 * 4'), 14); // precedence
        for (const bad of ['1/0', '2+', '(1', "__import__('os')", 'process.exit()', '1.2.3', '']) {
          await assert.rejects(ask(bad), TaskError, `'${bad}' should be rejected`);
        }
        // The worker survived every bad request.
        assert.equal(await ask('1+1'), 2);
      } finally {
        await launcher.killAll();
      }
      assert.equal(launcher.liveCount, 0);
    });
  }
});

describe('worker-pool variants', () => {
  for (const kind of kinds) {
    it(`unpooled and pooled complete with ${kind} workers`, async () => {
      const result = await runScenario(workerPool, { worker: kind }, {}, settings(), signal);
      const unpooled = run(result, 'unpooled');
      const pooled = run(result, 'pooled');
      for (const r of [unpooled, pooled]) {
        assert.equal(r.status, 'completed', r.error);
        assert.equal(r.ops, 24, `${r.variant}: ${JSON.stringify(r.errorKinds)}`);
        assert.equal(r.errors, 0);
      }
      // A process per task vs none opened in the measured window.
      assert.equal(unpooled.pool?.opened, 24);
      assert.equal(unpooled.pool?.reuseRate, 0);
      assert.equal(pooled.pool?.opened, 0);
      assert.equal(pooled.pool?.total, 4, 'pool size defaults to the concurrency (4)');
      assert.ok(
        unpooled.breakdownMs?.['spawn-to-ready'] && unpooled.breakdownMs.task && unpooled.breakdownMs.exit,
      );
      assert.ok(pooled.breakdownMs?.queue && pooled.breakdownMs.task);
      // Starting an interpreter per task costs tens of ms; a pooled task is a pipe round trip.
      assert.ok(
        pooled.throughput > 2 * unpooled.throughput,
        `pooled ${pooled.throughput} vs unpooled ${unpooled.throughput} ops/s`,
      );
      // Memory of the pool's workers and of one fresh worker.
      assert.equal(pooled.details?.poolWorkers, 4);
      assert.ok(Number(pooled.details?.poolRssPerWorkerMiB) > 1, JSON.stringify(pooled.details));
      assert.ok(
        Number(pooled.details?.poolRssTotalMiB) >= 4 * Number(pooled.details?.poolRssPerWorkerMiB) - 0.5,
      );
      assert.ok(Number(result.details?.freshWorkerRssMiB) > 1, JSON.stringify(result.details));
      assert.equal(result.details?.worker, kind);
      assert.equal(result.target.server, kind);
    });
  }

  it('an explicit --pool-size is honoured, with a task queue in front', async () => {
    const result = await runScenario(
      workerPool,
      { worker: 'python', poolSize: 2, work: 5 },
      {},
      settings({ variants: ['pooled'], ops: 40 }),
      signal,
    );
    const pooled = run(result, 'pooled');
    assert.equal(pooled.ops, 40);
    assert.equal(pooled.pool?.total, 2);
    assert.equal(pooled.details?.poolSize, 2);
    // 4 clients share 2 workers: tasks wait in the queue about as long as a task takes.
    assert.ok(pooled.breakdownMs!.queue!.p50 > 1, `queue p50 ${pooled.breakdownMs!.queue!.p50}`);
  });
});

describe('worker-pool faults', () => {
  const faulty = (kind: string, over: OptionBag) =>
    runScenario(
      workerPool,
      { worker: kind, poolSize: 2, faultRate: 0.2, taskTimeout: 300, ...over },
      {},
      settings({ variants: ['pooled'], ops: 60 }),
      signal,
    );

  it('replaces a worker that crashes mid-task and retries its task', async () => {
    const result = await faulty('python', { faultKind: 'crash' });
    const pooled = run(result, 'pooled');
    const d = pooled.details!;
    assert.equal(pooled.status, 'completed');
    assert.equal(pooled.ops + pooled.errors, 60);
    // P(no crash in 60+ tasks at 0.2) ~ 1e-6.
    assert.ok(Number(d.crashes) >= 1, JSON.stringify(d));
    assert.equal(d.timeouts, 0);
    assert.equal(
      failedAttempts(d),
      2 * Number(d.retries) - Number(d.retriesSucceeded),
      'one retry per failed task',
    );
    // A failed op is one whose retry crashed too (counters include the warm-up, errors do not).
    assert.ok(pooled.errors <= Number(d.retries) - Number(d.retriesSucceeded), JSON.stringify(d));
    assert.equal(pooled.errors, pooled.errorKinds.WORKER_CRASHED ?? 0);
    assert.ok(Number(d.workersReplaced) >= Number(d.crashes), JSON.stringify(d));
    assert.ok((pooled.pool?.opened ?? 0) >= 1);
    assert.ok((pooled.pool?.total ?? 0) <= 2, `pool grew past its size: ${pooled.pool?.total}`);
  });

  it('kills a worker that hangs after --task-timeout and goes on', async () => {
    const result = await faulty('node', { faultKind: 'hang' });
    const pooled = run(result, 'pooled');
    const d = pooled.details!;
    assert.equal(pooled.ops + pooled.errors, 60);
    assert.ok(Number(d.timeouts) >= 1, JSON.stringify(d));
    assert.equal(d.crashes, 0);
    assert.ok(Number(d.workersReplaced) >= Number(d.timeouts));
    // A hung task costs the timeout before its retry.
    assert.ok(pooled.latencyMs!.max >= 290, `max ${pooled.latencyMs!.max}`);
    assert.equal(pooled.errors, pooled.errorKinds.TASK_TIMEOUT ?? 0);
  });

  it('unpooled retries a crashed task on a fresh process', async () => {
    const result = await runScenario(
      workerPool,
      { worker: 'python', faultRate: 0.3, faultKind: 'crash' },
      {},
      settings({ variants: ['unpooled'], ops: 24 }),
      signal,
    );
    const unpooled = run(result, 'unpooled');
    const d = unpooled.details!;
    assert.equal(unpooled.ops + unpooled.errors, 24);
    assert.ok(Number(d.crashes) >= 1, JSON.stringify(d));
    assert.equal(
      failedAttempts(d),
      2 * Number(d.retries) - Number(d.retriesSucceeded),
      'one retry per failed task',
    );
    assert.ok(unpooled.errors <= Number(d.retries) - Number(d.retriesSucceeded));
  });
});

describe('worker-pool bad input', () => {
  it('a missing python interpreter is one clear TargetError', async () => {
    const missing = '/nonexistent/bin/python3';
    await assert.rejects(
      openScenario(workerPool, { worker: 'python', python: missing }, signal),
      (err: unknown) => {
        assert.ok(err instanceof TargetError, String(err));
        assert.match(err.message, /Python interpreter '\/nonexistent\/bin\/python3' not found/);
        assert.match(err.message, /--python/);
        assert.match(err.message, /--worker node/);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  });

  it('an interpreter that is not Python 3 is refused', async () => {
    await assert.rejects(
      openScenario(workerPool, { worker: 'python', python: 'false' }, signal),
      TargetError,
    );
  });

  it('reports every cross-option problem at once', () => {
    const problems = workerPool.validate(
      optionValues(workerPool, { faultRate: 1.5, poolSize: 1000, startupWorkers: [1, 999] }),
    );
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0]!, /--fault-rate/);
    assert.deepEqual(workerPool.validate(optionValues(workerPool)), []);
  });
});

/** Attempts that failed: each failed task is retried once, and a failed retry is a second failure. */
function failedAttempts(d: Record<string, string | number | boolean>): number {
  return Number(d.crashes) + Number(d.timeouts);
}
