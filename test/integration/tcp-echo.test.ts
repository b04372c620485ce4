// tcp-echo through the real driver (runScenario, closed loop) against its in-process echo server, and against
// tiny misbehaving servers given as --target: reuse, one connection per op, verification, unreachable
// targets, fault injection, micro-benchmarks, and no handle left behind.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findScenario } from '../../scenarios/index.js';
import { type DriverSettings, runScenario } from '../../src/driver/run-scenario.js';
import { TargetError } from '../../src/errors.js';
import type { RunResult, ScenarioResult } from '../../src/model/result.js';
import type { OptionBag } from '../../src/scenario/index.js';
import { type TestSettings, testSettings } from '../helpers/driver.js';
import { serveChunks } from '../helpers/net.js';

const settings = (over: TestSettings = {}): DriverSettings =>
  testSettings({ concurrency: [4], durationMs: 500, warmupMs: 100, ...over });

const signal = new AbortController().signal;
// From the registry, which tells worker threads where to import it from.
const tcpEcho = findScenario('tcp-echo')!;
const run = (options: OptionBag, over: TestSettings = {}) =>
  runScenario(tcpEcho, options, {}, settings(over), signal);

const byVariant = (result: ScenarioResult, variant: string): RunResult => {
  const found = result.runs.find((r) => r.variant === variant);
  assert.ok(found, `no ${variant} run`);
  return found;
};

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A throwaway server on 127.0.0.1 handing every chunk it reads to `onChunk`; returns 'host:port'. */
async function serve(onChunk: (socket: Socket, chunk: Buffer) => void): Promise<string> {
  const { server, port } = await serveChunks(onChunk);
  servers.push(server);
  return `127.0.0.1:${port}`;
}

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;

describe('tcp-echo scenario', () => {
  it('runs both variants without an error: pooled reuses, unpooled opens one connection per op', async () => {
    const handlesBefore = tcpHandles();
    const result = await run({ payload: 64 }, { microTimeMs: 150 });
    const unpooled = byVariant(result, 'unpooled');
    const pooled = byVariant(result, 'pooled');
    for (const r of [unpooled, pooled]) {
      assert.equal(r.status, 'completed', r.error);
      assert.equal(r.errors, 0, JSON.stringify(r.errorHints));
      assert.ok(r.ops > 50, `${r.variant} ops ${r.ops}`);
    }
    assert.equal(unpooled.pool?.opened, unpooled.ops);
    assert.equal(unpooled.pool?.reuseRate, 0);
    // The server saw at least as many connections (its count also covers the warm-up).
    assert.ok(Number(unpooled.details?.serverAcceptedSinceSetup) >= unpooled.ops);
    assert.deepEqual(Object.keys(unpooled.breakdownMs ?? {}).sort(), ['close', 'connect', 'echo']);

    assert.ok(pooled.pool!.reuseRate > 0.95, `reuse ${pooled.pool!.reuseRate}`);
    assert.ok(Number(pooled.details?.serverAcceptedSinceSetup) <= 4, 'at most pool-size connections');
    assert.equal(pooled.pool?.total, 4);
    assert.ok(pooled.throughput > unpooled.throughput, `${pooled.throughput} vs ${unpooled.throughput}`);

    const [connect, acquire] = result.microbenchmarks ?? [];
    assert.equal(connect?.name, 'net.connect to ready');
    assert.equal(acquire?.name, 'pool acquire+release (warm socket)');
    assert.ok(!connect.error && !acquire.error, `${connect.error} ${acquire.error}`);
    // The seed: 94 µs vs 251 ns (376x); here typically 100-300x. 10x leaves room for a busy machine.
    assert.ok(connect.nsPerOp > 10 * acquire.nsPerOp, `${connect.nsPerOp} vs ${acquire.nsPerOp} ns`);
    assert.equal(result.target.embedded, true);
    assert.ok(Number(result.details?.serverAcceptedTotal) >= unpooled.ops + 4);
    assert.equal(tcpHandles(), handlesBefore, 'every socket and listener closed');
  });

  it('falls back to direct connections when the pool is full and --overflow direct, and closes client-first on request', async () => {
    const result = await run({ payload: 200, poolSize: 2, overflow: 'direct', closer: 'client' });
    const pooled = byVariant(result, 'pooled');
    const unpooled = byVariant(result, 'unpooled');
    assert.equal(pooled.errors + unpooled.errors, 0);
    assert.ok(Number(pooled.details?.overflowedDirect) > 0);
    assert.ok(pooled.pool!.opened > 0 && pooled.pool!.reuseRate < 1);
    assert.equal(unpooled.details?.closer, 'client');
    assert.equal(unpooled.pool?.opened, unpooled.ops);
  });

  it('makes workers wait for a connection with --overflow wait, never opening more than --pool-size', async () => {
    const result = await run({ poolSize: 1, overflow: 'wait' }, { variants: ['pooled'] });
    const pooled = byVariant(result, 'pooled');
    assert.equal(pooled.errors, 0);
    assert.equal(pooled.pool?.opened, 0);
    assert.equal(pooled.details?.serverAcceptedSinceSetup, 1);
    assert.ok(pooled.breakdownMs?.acquire, 'acquire is timed');
  });

  it('counts the errors and recovers when the server resets every socket mid-window', async () => {
    const result = await run({ chaos: 'reset-at-midpoint' }, { durationMs: 800 });
    for (const variant of ['pooled', 'unpooled']) {
      const r = byVariant(result, variant);
      assert.equal(r.status, 'completed');
      assert.ok(!r.warnings?.some((w) => /fault injection/.test(w)), String(r.warnings));
      assert.ok(Number(r.details?.chaosResetConnections) > 0, `${variant} resets`);
      if (r.errors > 0) {
        assert.ok(r.recovery && r.recovery.recoveryMs !== null, `${variant} recovered`);
        const kinds = Object.keys(r.errorKinds);
        assert.ok(
          kinds.every((k) => ['ECONNRESET', 'EPEERCLOSED', 'EPIPE'].includes(k)),
          kinds.join(','),
        );
      }
    }
    const pooled = byVariant(result, 'pooled');
    // Every pooled socket was reset: those in flight failed, the rest were found dead on borrow; all replaced.
    assert.ok(pooled.errors > 0 && pooled.errors <= 4, `errors ${pooled.errors}`);
    assert.ok(pooled.pool!.opened >= 4, `opened ${pooled.pool!.opened}`);
    assert.ok(Number(pooled.details?.discardedBroken) >= 4);
  });

  it('splits over 2 worker threads against the one in-process server: merged percentiles, summed throughput', async () => {
    const one = await run({ payload: 64 }, { variants: ['pooled'], concurrency: [8] });
    const two = await run({ payload: 64 }, { variants: ['pooled'], concurrency: [8], threads: 2 });
    const single = byVariant(one, 'pooled');
    const split = byVariant(two, 'pooled');
    assert.equal(split.status, 'completed', split.error);
    assert.equal(split.errors, 0);
    assert.equal(split.perThread?.length, 2);
    assert.equal(
      split.perThread!.reduce((s, t) => s + t.ops, 0),
      split.ops,
      'counts summed',
    );
    assert.equal(split.latencyMs!.count, split.ops, 'one histogram holds every op of both threads');
    assert.ok(split.pool!.reuseRate > 0.95);
    // both reach the same server: the split run's figures are of the same order as the single thread's
    assert.ok(split.throughput > single.throughput * 0.3, `${split.throughput} vs ${single.throughput}`);
  });

  it('handles echoes that come back in several chunks', async () => {
    const target = await serve((socket, chunk) => {
      void (async () => {
        for (let i = 0; i < chunk.length; i += 10) {
          socket.write(chunk.subarray(i, i + 10));
          await sleep(1);
        }
      })();
    });
    const result = await run({ target, payload: 64 }, { durationMs: 300 });
    for (const r of result.runs) {
      assert.equal(r.errors, 0, `${r.variant}: ${JSON.stringify(r.errorHints)}`);
      assert.ok(r.ops > 10);
    }
    assert.equal(result.target.embedded, false);
    assert.equal(result.target.url, target);
  });

  it('catches a corrupting server: at open when it always corrupts, per op when now and then', async () => {
    const flip = (chunk: Buffer) => {
      const copy = Buffer.from(chunk);
      copy[copy.length - 1] = copy[copy.length - 1]! ^ 1;
      return copy;
    };
    const always = await serve((socket, chunk) => socket.write(flip(chunk)));
    await assert.rejects(run({ target: always }), (err: Error) => {
      assert.ok(err instanceof TargetError);
      assert.match(err.message, new RegExp(`${always} is not a working echo server: .*differs`));
      return true;
    });

    let chunks = 0;
    const sometimes = await serve((socket, chunk) => socket.write(++chunks % 5 === 0 ? flip(chunk) : chunk));
    const result = await run({ target: sometimes, payload: 32 }, { durationMs: 300 });
    for (const r of result.runs) {
      assert.ok(r.ops > 0);
      assert.deepEqual(Object.keys(r.errorKinds), ['ECHO_MISMATCH'], r.variant);
      // About one echo in five is corrupted; allow a wide margin.
      const share = r.errors / (r.ops + r.errors);
      assert.ok(share > 0.1 && share < 0.3, `${r.variant} error share ${share}`);
    }
    assert.ok(Number(byVariant(result, 'pooled').details?.discardedBroken) > 0);
  });

  it('says in one line that an unreachable target is unreachable, naming host:port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assert.rejects(run({ target: `127.0.0.1:${port}` }), (err: Error) => {
      assert.ok(err instanceof TargetError);
      assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.match(err.message, /ECONNREFUSED/);
      assert.ok(!err.message.includes('\n'), err.message);
      return true;
    });
  });

  it('leaves nothing running: a process that runs the scenario exits by itself', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const code = `
      import { runScenario } from './src/driver/run-scenario.ts';
      import { tcpEcho } from './scenarios/tcp-echo/index.ts';
      const r = await runScenario(tcpEcho, { idleTimeoutMs: 50 }, {}, { durationMs: 200,
        warmupMs: 0, trials: 1, microTimeMs: 30, experiments: false, load: { kind: 'closed', concurrency: [2] } },
        new AbortController().signal);
      console.log(r.runs.map((x) => x.errors).join(','));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    assert.equal(exitCode, 0, 'the process exited by itself (nothing left open)');
    assert.equal(out.trim(), '0,0');
  });
});
