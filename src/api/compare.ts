// The package's compare(): the regression gate on two results (objects, or result.json paths), returning
// the verdict `poolbench compare` prints; invalid thresholds or incomparable results throw a ConfigError.

import { parseGateOptions } from '../cli/commands/compare.js';
import { loadResult } from '../cli/commands/report.js';
import { checkComparable } from '../gate/comparable.js';
import { compareResults } from '../gate/compare.js';
import type { BenchmarkResult } from '../model/result.js';
import type { GateVerdict } from '../model/verdict.js';

export interface CompareOptions {
  /** Smallest change that counts, in percent (default 10). */
  threshold?: number;
  /** Also gate absolute throughput, p50, p99 (same machine class only). */
  absolute?: boolean;
  /** Rules such as 'redis.shared.p99 > +20%'. */
  failOn?: readonly string[];
  allowOtherTarget?: boolean;
  allowOtherMachine?: boolean;
}

export function compare(
  baseline: BenchmarkResult | string,
  current: BenchmarkResult | string,
  options: CompareOptions = {},
): GateVerdict {
  const gate = parseGateOptions({
    ...(options.threshold !== undefined ? { threshold: String(options.threshold) } : {}),
    ...(options.absolute !== undefined ? { absolute: options.absolute } : {}),
    failOn: [...(options.failOn ?? [])],
  });
  const before = typeof baseline === 'string' ? loadResult(baseline) : baseline;
  const after = typeof current === 'string' ? loadResult(current) : current;
  checkComparable(before, after, options);
  return compareResults(before, after, gate);
}
