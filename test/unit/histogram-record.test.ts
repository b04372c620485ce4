// recordNs computes HdrHistogram's counts index itself (the per-op fast path): it must land every value in
// the very bucket the library's own recordValue picks, and keep the same min, max and count.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeHistogram, newHistogram, recordNs } from '../../src/driver/measure/histogram.js';

/** Powers of two and their neighbours (bucket edges), and a spread of values in between, up to 2^33 ns. */
function probeValues(): number[] {
  const values: number[] = [];
  for (let bit = 0; bit <= 33; bit++) {
    const p = 2 ** bit;
    values.push(p - 1, p, p + 1, p + 7, Math.floor(p * 1.5));
  }
  for (let i = 1; i <= 20_000; i++) values.push(Math.floor((i * 2_654_435_761) % 2 ** 32) + 1);
  return values.filter((v) => v >= 1);
}

describe('recordNs', () => {
  it('puts every value in the bucket that recordValue picks', () => {
    const fast = newHistogram();
    for (const v of probeValues()) {
      recordNs(fast, v);
      // the library's own index for v holds the one count just recorded
      const index = fast.countsArrayIndex(v);
      assert.equal(fast.getCountAtIndex(index), 1, `value ${v}`);
      fast.setCountAtIndex(index, 0);
      assert.equal(fast.maxValue, v, `max after ${v}`);
      fast.reset();
    }
  });

  it('records many values with the same counts, percentiles and extremes as recordValue', () => {
    const fast = newHistogram();
    const slow = newHistogram();
    for (const v of probeValues()) {
      recordNs(fast, v);
      slow.recordValue(v);
    }
    assert.equal(encodeHistogram(fast), encodeHistogram(slow));
    assert.equal(fast.totalCount, slow.totalCount);
    for (const p of [0, 50, 90, 99, 99.9, 100]) {
      assert.equal(fast.getValueAtPercentile(p), slow.getValueAtPercentile(p), `p${p}`);
    }
    assert.equal(fast.mean, slow.mean);
  });

  it('clamps and rounds as before: below 1 ns counts as 1 ns, fractions round', () => {
    const h = newHistogram();
    recordNs(h, 0);
    recordNs(h, -5);
    recordNs(h, 0.4);
    recordNs(h, 2.6);
    assert.equal(h.totalCount, 4);
    assert.equal(h.minNonZeroValue, 1);
    assert.equal(h.maxValue, 3);
    assert.equal(h.getCountAtIndex(h.countsArrayIndex(1)), 3);
  });
});
