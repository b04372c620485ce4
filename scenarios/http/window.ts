// What a variant reports about itself (VariantRun.details()): the measured window's requests and connections
// (reuse rate and the seed's > 95 % criterion), handshakes, the server's counts, and client memory at the end
// of the warm-up. The driver numbers ops from 0 in the warm-up and again in the measured window, so the
// window starts at the latest op numbered 0.

import type { OpInfo } from '../../src/scenario/index.js';
import type { Dialer } from './dial.js';
import type { ExchangeCounts } from './exchange.js';
import type { InProcessServer } from './server.js';
import type { ServerCounts } from './server-counters.js';

/** The seed's success criterion for connection reuse. */
export const REUSE_TARGET = 0.95;

type Facts = Record<string, string | number | boolean>;
const MiB = 1024 * 1024;

interface Snapshot {
  requests: number;
  opened: number;
}

export class WindowTally {
  private start: Snapshot;
  private readonly memory = new MemorySampler();
  private readonly serverAtSetup: ServerCounts | undefined;

  constructor(
    private readonly dialer: Dialer,
    private readonly counts: ExchangeCounts,
    private readonly server: InProcessServer | undefined,
  ) {
    this.start = this.snapshot();
    this.serverAtSetup = server?.counters();
    server?.resetPeakStreams();
  }

  /** Call at the start of every op. */
  onOp(info: OpInfo): void {
    if (info.iteration !== 0) return;
    this.start = this.snapshot();
    this.memory.sample(this.dialer.open);
  }

  details(): Facts {
    const requests = this.counts.requests - this.start.requests;
    const opened = this.dialer.counts.opened - this.start.opened;
    return {
      ...(requests > 0 ? { reuseCriterion: reuseCriterion(requests, opened) } : {}),
      ...(this.counts.retries > 0 ? { retries: this.counts.retries } : {}),
      ...(this.dialer.facts
        ? {
            tlsFullHandshakes: this.dialer.counts.fullHandshakes,
            tlsResumedHandshakes: this.dialer.counts.resumedHandshakes,
          }
        : {}),
      ...this.serverFacts(),
      ...this.memory.details(),
    };
  }

  private snapshot(): Snapshot {
    return { requests: this.counts.requests, opened: this.dialer.counts.opened };
  }

  private serverFacts(): Facts {
    if (!this.server || !this.serverAtSetup) return {};
    const now = this.server.counters();
    const since = (name: keyof ServerCounts) => now[name] - this.serverAtSetup![name];
    const kind = this.server.kind;
    return {
      serverConnections: since('connections'),
      serverRequests: since('requests'),
      ...(kind !== 'http' ? { serverTlsResumed: since('tlsResumed') } : {}),
      ...(kind === 'http2'
        ? { serverH2Sessions: since('h2Sessions'), serverPeakStreamsPerSession: now.peakStreamsPerSession }
        : {}),
      ...(since('dropped') > 0 ? { serverDroppedConnections: since('dropped') } : {}),
      ...(this.server.failure() ? { serverFailure: this.server.failure()! } : {}),
    };
  }
}

/**
 * The seed's criterion as a line: reuse = requests that found a connection already open,
 * 1 - connections opened / requests sent.
 */
export function reuseCriterion(requests: number, opened: number): string {
  const rate = Math.max(0, 1 - opened / requests);
  const verdict = rate >= REUSE_TARGET ? 'pass' : 'fail';
  const cmp = rate >= REUSE_TARGET ? '>=' : '<';
  const counts = `${opened.toLocaleString('en-US')} connections opened for ${requests.toLocaleString('en-US')} requests`;
  return `${verdict} (${(rate * 100).toFixed(1)} % ${cmp} ${REUSE_TARGET * 100} %: ${counts})`;
}

/**
 * Client memory with the variant's connections open: sampled at the first op of the measured window, i.e.
 * at the end of the warm-up (the seed's "memory for 100 connections"), against a baseline taken at set-up
 * before any connection was opened.
 */
class MemorySampler {
  private readonly baseline = process.memoryUsage();
  private taken: { usage: NodeJS.MemoryUsage; open: number } | undefined;

  sample(open: number): void {
    this.taken = { usage: process.memoryUsage(), open };
  }

  details(): Facts {
    if (!this.taken) return {};
    const { usage, open } = this.taken;
    const rssGrowth = usage.rss - this.baseline.rss;
    const heapGrowth = usage.heapUsed - this.baseline.heapUsed;
    const mib = (bytes: number) => Number((bytes / MiB).toFixed(1));
    return {
      memoryConnectionsOpen: open,
      clientRssMiB: mib(usage.rss),
      clientHeapUsedMiB: mib(usage.heapUsed),
      clientRssGrowthMiB: mib(rssGrowth),
      clientHeapGrowthMiB: mib(heapGrowth),
    };
  }
}
