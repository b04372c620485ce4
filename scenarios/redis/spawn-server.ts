// A throwaway redis-server for runs with no REDIS_URL: loopback only, no persistence, a free port, its own
// run folder. It is stopped afterwards, killed synchronously if poolbench exits first, and stopped by the
// watchdog if poolbench is killed, so none outlives us.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunFolder } from '../../src/util/run-folder.js';

export interface SpawnedRedis {
  readonly port: number;
  readonly url: string;
  readonly binary: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s); safe to call twice. */
  stop(): Promise<void>;
  /** Fault injection: stops the server, waits `downMs` (connects refused), starts a fresh one on the same
   * port (empty: no persistence); resolves once it answers. */
  restart(downMs: number): Promise<void>;
}

/** One redis-server process. */
type Instance = Omit<SpawnedRedis, 'restart'>;

export interface SpawnOptions {
  binary: string;
  /** More redis-server arguments, e.g. ['--requirepass', 'secret'] for tests. */
  extraArgs?: readonly string[];
  signal?: AbortSignal;
  readyTimeoutMs?: number;
}

export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function spawnRedisServer(opts: SpawnOptions): Promise<SpawnedRedis> {
  // A free port can be taken between our check and the server's bind: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (opts.signal?.aborted) throw new Error('interrupted while starting redis-server');
    try {
      return restartable(opts, await startOnce(opts, await freePort()));
    } catch (err) {
      lastError = err;
      if (!String(err).includes('Address already in use')) break;
    }
  }
  throw lastError;
}

/** The server as the session holds it: the same port and URL across restarts, whichever process is current. */
function restartable(opts: SpawnOptions, first: Instance): SpawnedRedis {
  let current = first;
  return {
    port: first.port,
    url: first.url,
    binary: first.binary,
    stop: () => current.stop(),
    async restart(downMs) {
      await current.stop();
      await sleep(downMs);
      current = await startOnce(opts, first.port);
    },
  };
}

async function startOnce(opts: SpawnOptions, port: number): Promise<Instance> {
  // Its own run folder as working directory: anything it writes (a dump after a stray SAVE) goes with it,
  // and the watchdog stops the server if we are killed.
  const folder = createRunFolder('redis', 'throwaway redis-server');
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--dir',
    folder.path,
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) folder.adopt(child.pid, 'SIGTERM');
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Our exit must not wait for the server, and the server must not outlive our exit.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  const killNow = () => {
    child.kill('SIGKILL');
    folder.remove();
  };
  process.on('exit', killNow);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      // No process was created: no 'exit' will come.
      if (child.pid === undefined) resolve();
    });
  });

  const stop = async () => {
    if (!exitedEarly(child) && child.pid !== undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killNow);
    folder.remove();
  };

  try {
    await waitReady(
      opts,
      port,
      child,
      () => spawnError,
      () => output,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `redis://127.0.0.1:${port}`, binary: opts.binary, stop };
}

async function waitReady(
  opts: SpawnOptions,
  port: number,
  child: ChildProcess,
  spawnError: () => Error | undefined,
  output: () => string,
): Promise<void> {
  const timeoutMs = opts.readyTimeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = spawnError();
    if (failed) throw new Error(`cannot start ${opts.binary}: ${failed.message}`);
    if (exitedEarly(child)) throw new Error(`${opts.binary} exited at start: ${lastLine(output())}`);
    if (opts.signal?.aborted) throw new Error('interrupted while starting redis-server');
    if (Date.now() > deadline) {
      throw new Error(
        `${opts.binary} did not answer on 127.0.0.1:${port} within ${timeoutMs} ms: ${lastLine(output())}`,
      );
    }
    if (await answers(port)) return;
    await sleep(20);
  }
}

function exitedEarly(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The line of the server's log that says what went wrong, else its last line. */
function lastLine(output: string): string {
  const lines = output.trim().split('\n');
  const telling = lines.find((l) => /already in use|error|fatal|bad directive/i.test(l));
  return (telling ?? lines[lines.length - 1])?.trim() || '(no output)';
}

/** True once the server replies to PING (a -NOAUTH reply counts: it is up, just password-protected). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^[+-]/.test(data.toString())));
  });
}

/** A port nothing listens on right now (the OS picks it; it may be taken again before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
