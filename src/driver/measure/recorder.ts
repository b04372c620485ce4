// Collects what one measured window produced: latency and step histograms, error counts by kind, and the
// error timeline from which recovery time is derived. Load models feed it; they never keep samples.
// A snapshot is plain data (histograms encoded), so windows measured in worker threads or other processes
// merge into one exactly.

import type { LatencySummary, RecoveryInfo } from '../../model/result.js';
import type { OpInfo } from '../../scenario/index.js';
import { type Clock, realClock } from '../clock.js';
import { classifyError } from './classify-error.js';
import {
  decodeHistogram,
  encodeHistogram,
  type Histogram,
  newHistogram,
  recordNs,
  summarize,
} from './histogram.js';

export interface RecorderSnapshot {
  ops: number;
  errors: number;
  errorKinds: Record<string, number>;
  errorHints: Record<string, string>;
  latency: string;
  service?: string;
  steps: Record<string, string>;
  /** Error timeline, in ns since the window started. */
  firstErrorNs?: number;
  lastErrorNs?: number;
  recoveredNs?: number;
}

export class Recorder {
  readonly latency = newHistogram();
  readonly steps = new Map<string, Histogram>();
  /** Service time (from actual start) when latency is measured from the intended start (rate model). */
  service: Histogram | undefined;
  ops = 0;
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  readonly errorHints: Record<string, string> = {};
  private firstErrorNs: number | undefined;
  private lastErrorNs: number | undefined;
  private recoveredNs: number | undefined;

  readonly startNs: bigint;

  constructor(private readonly clock: Clock = realClock) {
    this.startNs = clock.now();
  }

  private offset(nowNs: bigint): number {
    return Number(nowNs - this.startNs);
  }

  success(latencyNs: number, nowNs: bigint, serviceNs?: number): void {
    this.ops++;
    recordNs(this.latency, latencyNs);
    if (serviceNs !== undefined) {
      this.service ??= newHistogram();
      recordNs(this.service, serviceNs);
    }
    if (this.lastErrorNs !== undefined && this.recoveredNs === undefined)
      this.recoveredNs = this.offset(nowNs);
  }

  failure(err: unknown, nowNs: bigint): void {
    this.errors++;
    const { kind, hint } = classifyError(err);
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
    this.errorHints[kind] ??= hint;
    const at = this.offset(nowNs);
    this.firstErrorNs ??= at;
    this.lastErrorNs = at;
    this.recoveredNs = undefined;
  }

  /** The `time()` helper handed to ops: times a step of an op into its own histogram. */
  readonly time: OpInfo['time'] = async (step, fn) => {
    const t0 = this.clock.now();
    try {
      return await fn();
    } finally {
      this.step(step, Number(this.clock.now() - t0));
    }
  };

  step(name: string, ns: number): void {
    recordNs(this.stepHistogram(name), ns);
  }

  private stepHistogram(name: string): Histogram {
    let hist = this.steps.get(name);
    if (!hist) {
      hist = newHistogram();
      this.steps.set(name, hist);
    }
    return hist;
  }

  stepSummaries(): Record<string, LatencySummary> | undefined {
    if (this.steps.size === 0) return undefined;
    const out: Record<string, LatencySummary> = {};
    for (const [name, hist] of this.steps) {
      const summary = summarize(hist);
      if (summary) out[name] = summary;
    }
    return out;
  }

  snapshot(): RecorderSnapshot {
    return {
      ops: this.ops,
      errors: this.errors,
      errorKinds: { ...this.errorKinds },
      errorHints: { ...this.errorHints },
      latency: encodeHistogram(this.latency),
      ...(this.service ? { service: encodeHistogram(this.service) } : {}),
      steps: Object.fromEntries([...this.steps].map(([name, h]) => [name, encodeHistogram(h)])),
      ...(this.firstErrorNs !== undefined ? { firstErrorNs: this.firstErrorNs } : {}),
      ...(this.lastErrorNs !== undefined ? { lastErrorNs: this.lastErrorNs } : {}),
      ...(this.recoveredNs !== undefined ? { recoveredNs: this.recoveredNs } : {}),
    };
  }

  /** Merges another window's counts and histograms into this one (bucket by bucket, never averaging). */
  add(other: Recorder | RecorderSnapshot): void {
    const snap = other instanceof Recorder ? undefined : other;
    this.ops += other.ops;
    this.errors += other.errors;
    this.latency.add(snap ? decodeHistogram(snap.latency) : (other as Recorder).latency);
    const service = snap
      ? snap.service
        ? decodeHistogram(snap.service)
        : undefined
      : (other as Recorder).service;
    if (service) {
      this.service ??= newHistogram();
      this.service.add(service);
    }
    for (const [kind, count] of Object.entries(other.errorKinds)) {
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + count;
    }
    for (const [kind, hint] of Object.entries(other.errorHints)) this.errorHints[kind] ??= hint;
    const steps = snap
      ? Object.entries(snap.steps).map(([name, enc]) => [name, decodeHistogram(enc)] as const)
      : [...(other as Recorder).steps];
    for (const [name, hist] of steps) this.stepHistogram(name).add(hist);
    // Windows run side by side (threads, shards): the earliest error, the latest error, the latest recovery.
    const timeline = snap ?? (other as Recorder).timeline();
    if (timeline.firstErrorNs !== undefined) {
      this.firstErrorNs = Math.min(this.firstErrorNs ?? Number.POSITIVE_INFINITY, timeline.firstErrorNs);
      this.lastErrorNs = Math.max(this.lastErrorNs ?? 0, timeline.lastErrorNs ?? 0);
      this.recoveredNs =
        timeline.recoveredNs === undefined
          ? undefined
          : Math.max(this.recoveredNs ?? 0, timeline.recoveredNs);
    }
  }

  private timeline(): Pick<RecorderSnapshot, 'firstErrorNs' | 'lastErrorNs' | 'recoveredNs'> {
    return { firstErrorNs: this.firstErrorNs, lastErrorNs: this.lastErrorNs, recoveredNs: this.recoveredNs };
  }

  recovery(): RecoveryInfo | undefined {
    if (this.firstErrorNs === undefined || this.lastErrorNs === undefined) return undefined;
    return {
      firstErrorAtS: this.firstErrorNs / 1e9,
      lastErrorAtS: this.lastErrorNs / 1e9,
      recoveryMs: this.recoveredNs === undefined ? null : (this.recoveredNs - this.firstErrorNs) / 1e6,
    };
  }
}
