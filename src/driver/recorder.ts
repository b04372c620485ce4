// Collects what one measured window produced: latency and step histograms, error counts by kind, and the
// error timeline from which recovery time is derived. Load models feed it; they never keep samples.

import type { LatencySummary, RecoveryInfo } from '../model/result.js';
import { classifyError } from './classify-error.js';
import type { Histogram } from './histogram.js';
import { newHistogram, recordNs, summarize } from './histogram.js';
import type { OpInfo } from './scenario.js';

export class Recorder {
  readonly latency = newHistogram();
  readonly steps = new Map<string, Histogram>();
  /** Service time (from actual start) when latency is measured from the intended start (rate model). */
  service: Histogram | undefined;
  ops = 0;
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  readonly errorHints: Record<string, string> = {};
  private firstErrorNs: bigint | undefined;
  private lastErrorNs: bigint | undefined;
  private recoveredNs: bigint | undefined;

  constructor(readonly startNs: bigint = process.hrtime.bigint()) {}

  success(latencyNs: number, nowNs: bigint, serviceNs?: number): void {
    this.ops++;
    recordNs(this.latency, latencyNs);
    if (serviceNs !== undefined) {
      this.service ??= newHistogram();
      recordNs(this.service, serviceNs);
    }
    if (this.lastErrorNs !== undefined && this.recoveredNs === undefined) this.recoveredNs = nowNs;
  }

  failure(err: unknown, nowNs: bigint): void {
    this.errors++;
    const { kind, hint } = classifyError(err);
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
    this.errorHints[kind] ??= hint;
    this.firstErrorNs ??= nowNs;
    this.lastErrorNs = nowNs;
    this.recoveredNs = undefined;
  }

  /** The `time()` helper handed to ops: times a step of an op into its own histogram. */
  readonly time: OpInfo['time'] = async (step, fn) => {
    const t0 = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      this.step(step, Number(process.hrtime.bigint() - t0));
    }
  };

  step(name: string, ns: number): void {
    let hist = this.steps.get(name);
    if (!hist) {
      hist = newHistogram();
      this.steps.set(name, hist);
    }
    recordNs(hist, ns);
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

  /** Merges another window's counts and histograms into this one (bucket by bucket). */
  add(other: Recorder): void {
    this.ops += other.ops;
    this.errors += other.errors;
    this.latency.add(other.latency);
    if (other.service) {
      this.service ??= newHistogram();
      this.service.add(other.service);
    }
    for (const [kind, count] of Object.entries(other.errorKinds))
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + count;
    for (const [kind, hint] of Object.entries(other.errorHints)) this.errorHints[kind] ??= hint;
    for (const [name, hist] of other.steps) {
      const own = this.steps.get(name);
      if (own) own.add(hist);
      else {
        const copy = newHistogram();
        copy.add(hist);
        this.steps.set(name, copy);
      }
    }
  }

  recovery(): RecoveryInfo | undefined {
    if (this.firstErrorNs === undefined || this.lastErrorNs === undefined) return undefined;
    const seconds = (ns: bigint) => Number(ns - this.startNs) / 1e9;
    return {
      firstErrorAtS: seconds(this.firstErrorNs),
      lastErrorAtS: seconds(this.lastErrorNs),
      recoveryMs: this.recoveredNs === undefined ? null : Number(this.recoveredNs - this.firstErrorNs) / 1e6,
    };
  }
}
