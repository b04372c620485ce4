// The one merger for load run side by side (worker threads, shards): histograms merged bucket by bucket,
// ops, errors and errors by kind summed, the slowest part's window, opened summed only when every part
// counted it, each warning once.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeHistogram, newHistogram, recordNs, summarize } from '../../src/driver/measure/histogram.js';
import { Recorder } from '../../src/driver/measure/recorder.js';
import { mergeSideBySide, snapshotOfRun } from '../../src/driver/split/merge-parts.js';

/** A part whose ops took `ms` each, with `errors` failures of `kind`. */
function part(ops: number, ms: number, errors: number, kind: string, durationS: number, opened?: number) {
  const recorder = new Recorder();
  for (let i = 0; i < ops; i++) recorder.success(ms * 1e6, recorder.startNs);
  for (let i = 0; i < errors; i++)
    recorder.failure(Object.assign(new Error(kind), { code: kind }), recorder.startNs);
  return {
    snapshot: recorder.snapshot(),
    durationS,
    throughput: ops / durationS,
    ...(opened !== undefined ? { opened } : {}),
    warnings: ['shared warning', `part of ${ops}`],
  };
}

describe('merging parts that ran side by side', () => {
  it('merges histograms, sums ops, errors and errors by kind, takes the slowest window', () => {
    const a = part(300, 1, 2, 'ECONNRESET', 1.0, 3);
    const b = part(100, 9, 5, 'ETIMEDOUT', 1.25, 4);
    const merged = mergeSideBySide([a, b]);
    const { recorder } = merged;
    assert.equal(recorder.ops, 400);
    assert.equal(recorder.errors, 7);
    assert.deepEqual(recorder.errorKinds, { ECONNRESET: 2, ETIMEDOUT: 5 });
    assert.equal(merged.durationS, 1.25);
    assert.equal(merged.opened, 7);
    assert.deepEqual(merged.warnings, ['shared warning', 'part of 300', 'part of 100']);
    assert.deepEqual(merged.perThread, [
      { ops: 300, throughput: 300 },
      { ops: 100, throughput: 80 },
    ]);
    // the same as recording every op into one histogram: 3/4 of the ops at 1 ms, 1/4 at 9 ms
    const all = newHistogram();
    for (let i = 0; i < 300; i++) recordNs(all, 1e6);
    for (let i = 0; i < 100; i++) recordNs(all, 9e6);
    const m = summarize(recorder.latency)!;
    const x = summarize(all)!;
    // (min and max of a merged histogram are its buckets' edges: 3 significant figures)
    for (const k of ['count', 'mean', 'p50', 'p95', 'p99', 'p999'] as const) assert.equal(m[k], x[k], k);
  });

  it('leaves the pool count out when a part has none', () => {
    const merged = mergeSideBySide([part(10, 1, 0, 'E', 1, 2), part(10, 1, 0, 'E', 1)]);
    assert.equal(merged.opened, undefined);
  });

  it('reads a saved run as a part (a shard result keeps its latency histogram)', () => {
    const hist = newHistogram();
    for (let i = 0; i < 50; i++) recordNs(hist, 2e6);
    const run = { ops: 50, errors: 1, errorKinds: { EPIPE: 1 }, histogram: encodeHistogram(hist) };
    const merged = mergeSideBySide([
      { snapshot: snapshotOfRun(run), durationS: 1, throughput: 50 },
      { snapshot: snapshotOfRun({ ops: 0, errors: 0, errorKinds: {} }), durationS: 0, throughput: 0 },
    ]);
    assert.equal(merged.recorder.ops, 50);
    assert.equal(merged.recorder.latency.totalCount, 50);
    assert.deepEqual(merged.recorder.errorKinds, { EPIPE: 1 });
  });
});
