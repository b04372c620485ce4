// An open redis scenario: the target connected (or spawned), the key space written under this run's prefix,
// variants set up on demand; close() removes every key under the prefix and stops a spawned server, also
// after Ctrl-C, and is safe to call twice.

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage, InterruptedError } from '../../src/errors.js';
import type { Experiment, Facts, MicroTask, Session, TargetInfo } from '../../src/scenario/index.js';
import { redactSecret, redactText } from '../../src/util/redact.js';
import { markRun } from './abandoned-runs.js';
import { ColdStartExperiment } from './cold-start.js';
import { closeConnection, openConnection } from './connect.js';
import type { Endpoint } from './endpoint.js';
import { connectMicrobenchmarks } from './microbench.js';
import { NOTES } from './notes.js';
import type { options, RedisOptions } from './options.js';
import { type ConnectedTarget, connectTarget } from './target.js';
import { deleteKeys, Workload } from './workload.js';

export class RedisSession implements Session<typeof options> {
  readonly target: TargetInfo;
  readonly notes: string[];
  readonly warnings: string[] = [];
  /** Every key this session writes starts with this: 'poolbench:<runid>:'. */
  readonly keyPrefix: string;
  /** The server, as every variant's connections reach it. */
  readonly endpoint: Endpoint;
  /** The session's own connection: used for CLIENT KILL, never measured, never killed (a server restart
   * replaces it). */
  admin: Redis;
  private readonly coldStart: ColdStartExperiment;
  private closing: Promise<void> | undefined;
  /** Keys deleted by close() (tests check it). */
  deletedKeys = 0;

  private constructor(
    private readonly connected: ConnectedTarget,
    readonly workload: Workload,
    readonly runId: string,
    private readonly options: RedisOptions,
  ) {
    this.keyPrefix = workload.prefix;
    this.endpoint = connected.endpoint;
    this.admin = connected.admin;
    this.target = connected.info;
    this.notes = [`keys live under ${this.keyPrefix} and are removed at the end (SCAN + UNLINK)`, ...NOTES];
    this.coldStart = new ColdStartExperiment(connected.endpoint, workload, `poolbench:${runId}:cold-start`);
  }

  static async open(o: RedisOptions, signal: AbortSignal): Promise<RedisSession> {
    const runId = randomBytes(4).toString('hex');
    const connected = await connectTarget(o, `poolbench:${runId}:admin`, signal);
    const workload = new Workload(`poolbench:${runId}:`, o.command, o.keySpace, o.payload);
    const session = new RedisSession(connected, workload, runId, o);
    try {
      if (signal.aborted) throw new InterruptedError();
      session.warnings.push(...(await markRun(connected.admin, workload.prefix)));
      await workload.populate(connected.admin);
      if (signal.aborted) throw new InterruptedError();
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  microbenchmarks(): MicroTask[] {
    return connectMicrobenchmarks(this.connected.endpoint, this.keyPrefix);
  }

  experiments(): Experiment[] {
    return [this.coldStart.experiment()];
  }

  async details(): Promise<Facts> {
    const { endpoint, server } = this.connected;
    const admin = this.admin;
    const facts: Facts = {
      server: server.name,
      serverVersion: server.version,
      mode: server.mode,
      tls: endpoint.tls,
      keyPrefix: this.keyPrefix,
      command: this.options.command,
      keySpace: this.options.keySpace,
      payloadBytes: this.options.payload,
    };
    // Managed services often forbid CONFIG: these facts are nice to have, not needed.
    for (const setting of ['maxclients', 'io-threads']) {
      try {
        const reply = (await admin.config('GET', setting)) as unknown[];
        if (reply[1] !== undefined) facts[setting] = String(reply[1]);
      } catch {
        // not allowed here
      }
    }
    return facts;
  }

  /** --chaos restart-server: the spawned server stops, stays away `downMs`, and comes back on its port,
   * empty; the session's own connection is replaced and the keys written again so GETs hit again. */
  async restartServer(downMs: number): Promise<void> {
    const { spawned, endpoint } = this.connected;
    if (!spawned) throw new Error('--chaos restart-server needs the redis-server poolbench spawns');
    await spawned.restart(downMs);
    const old = this.admin;
    this.admin = await openConnection(endpoint);
    await closeConnection(old).catch(() => undefined);
    await this.workload.populate(this.admin);
  }

  /**
   * Another thread reaches the same server by its URL (a spawned server's loopback port included). The
   * user's other options come along too, in case the driver hands these over as they are.
   */
  remoteOptions(): Partial<RedisOptions> {
    return { ...this.options, redisUrl: this.connected.endpoint.rawUrl };
  }

  close(): Promise<void> {
    this.closing ??= this.cleanUp();
    return this.closing;
  }

  private async cleanUp(): Promise<void> {
    const { spawned, endpoint } = this.connected;
    const admin = this.admin;
    const problems: string[] = [];
    await this.coldStart.close().catch(() => undefined);
    try {
      // The admin connection may have been lost mid-run; cleaning up is worth a fresh one.
      const client = admin.status === 'ready' ? admin : await openConnection(endpoint);
      this.deletedKeys = await deleteKeys(client, this.keyPrefix);
      if (client !== admin) await closeConnection(client);
    } catch (err) {
      if (!spawned) {
        problems.push(`could not delete the keys under ${this.keyPrefix}: ${errorMessage(err)}`);
      }
    }
    await closeConnection(admin).catch(() => undefined);
    await spawned?.stop();
    if (problems.length > 0) {
      throw new Error(redactSecret(redactText(problems.join('; ')), endpoint.password));
    }
  }
}
