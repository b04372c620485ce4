// Pure: one result from the results of shards that ran side by side (`poolbench merge`). Counts are summed,
// percentiles recomputed from the merged HDR histograms (never averaged), throughput summed over the common
// window. Results that differ in scenarios, variants, options, settings or schema are refused, saying what.

import { compareRuns } from '../../analysis/comparisons.js';
import { describeParams } from '../../analysis/run-point.js';
import { ConfigError } from '../../errors.js';
import type { BenchmarkResult, RunResult, ScenarioResult } from '../../model/result.js';
import { encodeHistogram, summarize } from '../measure/histogram.js';
import { mergeSideBySide, snapshotOfRun } from './merge-parts.js';

const stable = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

function differences(parts: readonly { name: string; result: BenchmarkResult }[]): string[] {
  const problems: string[] = [];
  const [first, ...rest] = parts;
  if (!first) return ['nothing to merge'];
  const same = (what: string, get: (r: BenchmarkResult) => unknown) => {
    const want = stable(get(first.result));
    for (const p of rest) {
      const got = stable(get(p.result));
      if (got !== want) problems.push(`${what} differs: ${first.name} has ${want}, ${p.name} has ${got}`);
    }
  };
  same('schemaVersion', (r) => r.schemaVersion);
  same('scenarios', (r) => r.scenarios.map((s) => s.id));
  same('settings', (r) => ({ ...r.settings, concurrency: undefined, threads: undefined }));
  same('variants', (r) => r.scenarios.map((s) => [...new Set(s.runs.map((x) => x.variant))].sort()));
  same('scenario options', (r) => r.scenarios.map((s) => s.options));
  same('shard count', (r) => r.shard?.count);
  const shards = parts.map((p) => p.result.shard?.index).filter((i): i is number => i !== undefined);
  if (new Set(shards).size !== shards.length)
    problems.push(`the same shard appears twice (${shards.join(', ')})`);
  return problems;
}

/** Runs of the shards that belong together: same variant, trial, phase and sweep point. */
function runKey(r: RunResult): string {
  const point = r.shardOf ? `c${r.shardOf.concurrency}` : `c${r.concurrency}`;
  // Every shard runs the same share of a rate, so the share identifies the sweep point.
  return [r.variant, r.trial, r.phase ?? '', point, r.rate ?? '', describeParams(r.params)].join('\u0000');
}

function mergeRuns(runs: RunResult[]): RunResult {
  const first = runs[0]!;
  const sum = (get: (r: RunResult) => number) => runs.reduce((s, r) => s + get(r), 0);
  const errored = runs.find((r) => r.status === 'errored');
  const merged = mergeSideBySide(
    runs.map((r) => ({
      snapshot: snapshotOfRun(r),
      durationS: r.durationS,
      throughput: r.throughput,
      ...(r.pool ? { opened: r.pool.opened } : {}),
      ...(r.warnings ? { warnings: r.warnings } : {}),
    })),
  );
  const { ops, errors, errorKinds, errorHints, latency } = merged.recorder;
  const out: RunResult = {
    variant: first.variant,
    concurrency: sum((r) => r.concurrency),
    ...(first.rate !== undefined ? { rate: sum((r) => r.rate ?? 0) } : {}),
    trial: first.trial,
    ...(first.params ? { params: first.params } : {}),
    ...(first.phase ? { phase: first.phase } : {}),
    status: errored ? 'errored' : 'completed',
    ...(errored ? { error: errored.error } : {}),
    ops,
    errors,
    errorKinds,
    durationS: merged.durationS,
    // each shard's throughput is over its own window: side by side, they add up
    throughput: sum((r) => r.throughput),
    latencyMs: summarize(latency),
    ...(latency.totalCount > 0 ? { histogram: encodeHistogram(latency) } : {}),
    perThread: merged.perThread,
  };
  if (Object.keys(errorHints).length > 0) out.errorHints = errorHints;
  if (first.unit) out.unit = { ...first.unit, throughput: sum((r) => r.unit?.throughput ?? 0) };
  if (merged.opened !== undefined) {
    const opened = merged.opened;
    out.pool = { opened, reuseRate: ops + errors > 0 ? Math.max(0, 1 - opened / (ops + errors)) : 0 };
  }
  if (merged.warnings.length > 0) out.warnings = merged.warnings;
  return out;
}

function mergeScenario(parts: ScenarioResult[]): ScenarioResult {
  const first = parts[0]!;
  const groups = new Map<string, RunResult[]>();
  for (const part of parts)
    for (const r of part.runs) groups.set(runKey(r), [...(groups.get(runKey(r)) ?? []), r]);
  const runs = [...groups.values()].map(mergeRuns);
  const skews = parts.flatMap((p) => (p.startSkewMs !== undefined ? [p.startSkewMs] : []));
  return {
    ...first,
    runs,
    comparisons: compareRuns(runs, first.baseline),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    notes: [
      ...first.notes,
      `merged from ${parts.length} shards: throughput summed, percentiles from merged HDR histograms; per-step breakdowns and micro-benchmarks are those of the first shard's file`,
    ],
    ...(skews.length > 0 ? { startSkewMs: Math.max(...skews) } : {}),
  };
}

export function mergeResults(parts: readonly { name: string; result: BenchmarkResult }[]): BenchmarkResult {
  const problems = differences(parts);
  if (problems.length > 0) throw new ConfigError([`cannot merge: ${problems.join('; ')}`]);
  const results = parts.map((p) => p.result);
  const first = results[0]!;
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: results.map((r) => r.startedAt).sort()[0]!,
    finishedAt: results
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    scenarios: first.scenarios.map((_s, i) => mergeScenario(results.map((r) => r.scenarios[i]!))),
    mergedFrom: results.map((r) => ({
      ...(r.shard ? { shard: r.shard } : {}),
      startedAt: r.startedAt,
      ...(r.scenarios[0]?.startSkewMs !== undefined ? { startSkewMs: r.scenarios[0].startSkewMs } : {}),
      cpuModel: r.environment.cpuModel,
    })),
  };
}
