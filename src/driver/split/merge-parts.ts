// The one merger for load that ran side by side: the worker threads of one run, the shards of one sweep
// point. Histograms are merged bucket by bucket (never percentiles averaged), ops, errors and errors by
// kind summed; the window is as long as the slowest part's.

import { encodeHistogram, newHistogram } from '../measure/histogram.js';
import { Recorder, type RecorderSnapshot } from '../measure/recorder.js';

/** One part of a load split over threads or shards. */
export interface SideBySidePart {
  /** Its counts and histograms. */
  snapshot: RecorderSnapshot;
  durationS: number;
  throughput: number;
  /** Connections it opened; absent = it has no pool metrics. */
  opened?: number;
  warnings?: readonly string[];
}

export interface MergedParts {
  recorder: Recorder;
  /** The slowest part's window. */
  durationS: number;
  /** Summed, when every part counted them. */
  opened?: number;
  /** Each distinct warning once. */
  warnings: string[];
  /** Ops and throughput of each part, so an imbalance shows. */
  perThread: { ops: number; throughput: number }[];
}

export function mergeSideBySide(parts: readonly SideBySidePart[]): MergedParts {
  const recorder = new Recorder();
  for (const part of parts) recorder.add(part.snapshot);
  const opened = parts.every((p) => p.opened !== undefined)
    ? parts.reduce((sum, p) => sum + p.opened!, 0)
    : undefined;
  return {
    recorder,
    durationS: Math.max(...parts.map((p) => p.durationS)),
    ...(opened !== undefined ? { opened } : {}),
    warnings: [...new Set(parts.flatMap((p) => p.warnings ?? []))],
    perThread: parts.map((p) => ({ ops: p.snapshot.ops, throughput: p.throughput })),
  };
}

const EMPTY = encodeHistogram(newHistogram());

/**
 * A saved run as a part: its counts and latency histogram. (A result file keeps no service-time or step
 * histograms and no error timeline, so those do not merge across shards.)
 */
export function snapshotOfRun(run: {
  ops: number;
  errors: number;
  errorKinds: Record<string, number>;
  errorHints?: Record<string, string>;
  histogram?: string;
}): RecorderSnapshot {
  return {
    ops: run.ops,
    errors: run.errors,
    errorKinds: run.errorKinds,
    errorHints: run.errorHints ?? {},
    latency: run.histogram ?? EMPTY,
    steps: {},
  };
}
