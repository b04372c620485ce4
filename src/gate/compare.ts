// Pure: compare(baseline, current, options) -> verdict. A metric regresses only when it got worse by more
// than the threshold AND the two sides' trial ranges do not overlap: a change inside the noise is not one.
// By default only the pooled/unpooled ratios gate (measured within one run, so machine-independent).

import { extractMetrics, metricKey } from '../analysis/metrics.js';
import { ConfigError } from '../errors.js';
import type { BenchmarkResult } from '../model/result.js';
import type { GateOptions, GateRow, GateVerdict, MetricPoint, RowVerdict } from '../model/verdict.js';
import { ruleBroken, ruleMatches } from './thresholds.js';

export function compareResults(
  baseline: BenchmarkResult,
  current: BenchmarkResult,
  options: GateOptions,
): GateVerdict {
  const base = new Map(extractMetrics(baseline).map((p) => [metricKey(p), p]));
  const cur = new Map(extractMetrics(current).map((p) => [metricKey(p), p]));
  const rows: GateRow[] = [];
  for (const [key, b] of base) {
    const c = cur.get(key);
    if (c) rows.push(judge(key, b, c, options));
  }
  if (rows.length === 0) {
    const describe = (r: BenchmarkResult) =>
      r.scenarios
        .map(
          (s) => `${s.id} [${[...new Set(s.runs.map((x) => `${x.variant}@c=${x.concurrency}`))].join(', ')}]`,
        )
        .join('; ') || 'no scenarios';
    throw new ConfigError([
      `nothing comparable: the baseline has ${describe(baseline)}, the current run has ${describe(current)}; runs match by scenario, variant, concurrency (or rate) and phase`,
    ]);
  }
  for (const rule of options.rules) {
    if (!rows.some((r) => ruleMatches(rule, r.current))) {
      throw new ConfigError([`--fail-on '${rule.text}' matches no metric present in both results`]);
    }
  }
  const regressions = rows.filter((r) => r.gated && r.verdict === 'regressed');
  return {
    options,
    rows,
    regressions,
    onlyInBaseline: [...base.keys()].filter((k) => !cur.has(k)),
    onlyInCurrent: [...cur.keys()].filter((k) => !base.has(k)),
    passed: regressions.length === 0,
  };
}

function judge(key: string, b: MetricPoint, c: MetricPoint, options: GateOptions): GateRow {
  const changePercent = b.median === 0 ? 0 : ((c.median - b.median) / Math.abs(b.median)) * 100;
  const overlap = !(c.range[1] < b.range[0] || c.range[0] > b.range[1]);
  const worse = b.higherIsBetter ? changePercent < 0 : changePercent > 0;
  const rules = options.rules.filter((r) => ruleMatches(r, c));
  const base = { key, baseline: b, current: c, changePercent, overlap };
  if (rules.length > 0) {
    const broken = rules.find((r) => ruleBroken(r, changePercent));
    if (broken && !overlap) return { ...base, gated: true, verdict: 'regressed', rule: broken.text };
    const significant = Math.abs(changePercent) > options.thresholdPercent && !overlap;
    return {
      ...base,
      gated: true,
      verdict: significant && !worse ? 'improved' : 'unchanged',
      rule: rules[0]!.text,
    };
  }
  const gated = b.kind === 'ratio' || options.absolute;
  const significant = Math.abs(changePercent) > options.thresholdPercent && !overlap;
  const verdict: RowVerdict = !significant ? 'unchanged' : worse ? 'regressed' : 'improved';
  return { ...base, gated, verdict };
}
