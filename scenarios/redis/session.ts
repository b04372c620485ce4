// An open redis scenario: the target connected (or spawned), the key space written under this run's prefix,
// variants set up on demand; close() removes every key under the prefix and stops a spawned server, also
// after Ctrl-C, and is safe to call twice.

import { randomBytes } from 'node:crypto';
import type {
  Experiment,
  MicroTask,
  OptionValues,
  ScenarioSession,
  SetupContext,
  VariantRun,
} from '../../src/driver/scenario.js';
import { errorMessage, InterruptedError } from '../../src/errors.js';
import type { TargetInfo } from '../../src/model/result.js';
import { redactSecret, redactText } from '../../src/util/redact.js';
import { markRun } from './abandoned-runs.js';
import { ColdStartExperiment } from './cold-start.js';
import { closeConnection, openConnection } from './connect.js';
import { connectMicrobenchmarks } from './microbench.js';
import { NOTES } from './notes.js';
import { readOptions } from './options.js';
import { type ConnectedTarget, connectTarget } from './target.js';
import { setupVariant, type VariantDeps } from './variants.js';
import { deleteKeys, Workload } from './workload.js';

export class RedisSession implements ScenarioSession {
  readonly target: TargetInfo;
  readonly notes: string[];
  readonly warnings: string[] = [];
  /** Every key this session writes starts with this: 'poolbench:<runid>:'. */
  readonly keyPrefix: string;
  private readonly deps: VariantDeps;
  private readonly coldStart: ColdStartExperiment;
  private closing: Promise<void> | undefined;
  /** Keys deleted by close() (tests check it). */
  deletedKeys = 0;

  private constructor(
    private readonly connected: ConnectedTarget,
    deps: VariantDeps,
    private readonly values: OptionValues,
  ) {
    this.deps = deps;
    this.keyPrefix = deps.workload.prefix;
    this.target = connected.info;
    this.notes = [`keys live under ${this.keyPrefix} and are removed at the end (SCAN + UNLINK)`, ...NOTES];
    this.coldStart = new ColdStartExperiment(
      connected.endpoint,
      deps.workload,
      `poolbench:${deps.runId}:cold-start`,
    );
  }

  static async open(values: OptionValues, signal: AbortSignal): Promise<RedisSession> {
    const settings = readOptions(values);
    const runId = randomBytes(4).toString('hex');
    const connected = await connectTarget(settings, `poolbench:${runId}:admin`, signal);
    const workload = new Workload(
      `poolbench:${runId}:`,
      settings.command,
      settings.keySpace,
      settings.payload,
    );
    const session = new RedisSession(
      connected,
      { endpoint: connected.endpoint, settings, workload, admin: connected.admin, runId },
      values,
    );
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

  setup(variant: string, ctx: SetupContext): Promise<VariantRun> {
    return setupVariant(this.deps, variant, ctx);
  }

  microbenchmarks(): MicroTask[] {
    return connectMicrobenchmarks(this.connected.endpoint, this.keyPrefix);
  }

  experiments(): Experiment[] {
    return [this.coldStart.experiment()];
  }

  async details(): Promise<Record<string, string | number | boolean>> {
    const { endpoint, server, admin } = this.connected;
    const facts: Record<string, string | number | boolean> = {
      server: server.name,
      serverVersion: server.version,
      mode: server.mode,
      tls: endpoint.tls,
      keyPrefix: this.keyPrefix,
      command: this.deps.settings.command,
      keySpace: this.deps.settings.keySpace,
      payloadBytes: this.deps.settings.payload,
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

  /**
   * Another thread reaches the same server by its URL (a spawned server's loopback port included). The
   * user's other options come along too, in case the driver hands these over as they are.
   */
  remoteOptions(): OptionValues {
    return { ...this.values, redisUrl: this.connected.endpoint.rawUrl };
  }

  close(): Promise<void> {
    this.closing ??= this.cleanUp();
    return this.closing;
  }

  private async cleanUp(): Promise<void> {
    const { admin, spawned, endpoint } = this.connected;
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
