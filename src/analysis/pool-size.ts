// How big a pool: from a sweep of pool sizes (medians over trials at each size), the peak throughput, the
// knee (the smallest size within 5 % of the peak), the smallest size meeting a latency objective, where
// more connections make things worse, a Little's-law check, and whether the answer fits the server's
// connection limit. Pure: plain numbers in, plain data out; a size whose every trial errored has no figures
// (null), never NaN.

import type { Percentile, PoolSizeRecommendation, SizePoint } from '../model/recommendation.js';
import { median } from './stats.js';

export type { Percentile, PoolSizeRecommendation, SizePoint } from '../model/recommendation.js';

const PERCENTILES: readonly Percentile[] = ['p50', 'p95', 'p99', 'p999'];

/** A latency objective: `--slo "p99<20ms"`. */
export interface Objective {
  percentile: Percentile;
  maxMs: number;
  text: string;
}

const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000 };

/** Parses "p99<20ms" (p50, p95, p99, p999; us, ms or s); a problem naming the flag otherwise. */
export function parseObjective(text: string): Objective | { problem: string } {
  const m = /^\s*(p50|p95|p99|p999|p99\.9)\s*<\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s)\s*$/i.exec(text);
  const value = Number(m?.[2]);
  if (!m || !(value > 0)) {
    return {
      problem: `--slo: expected a latency objective such as "p99<20ms" (p50, p95, p99 or p999; us, ms or s), got '${text}'`,
    };
  }
  const p = m[1]!.toLowerCase();
  const percentile = (p === 'p99.9' ? 'p999' : p) as Percentile;
  const maxMs = value * UNIT_MS[m[3]!.toLowerCase()]!;
  return { percentile, maxMs, text: `${percentile}<${m[2]}${m[3]!.toLowerCase()}` };
}

/** One trial at one pool size, as the sweep measured it. */
export interface SizeTrial {
  size: number;
  /** False when the trial errored (set-up failed or every op failed). */
  completed: boolean;
  throughput: number;
  ops: number;
  errors: number;
  latencyMs: Record<Percentile, number> & { mean: number };
  /** Mean time an op waited for a connection (the pool's acquire step), when the variant times one. */
  acquireMeanMs?: number;
}

export interface SizingInput {
  variant: string;
  trials: readonly SizeTrial[];
  objective?: Objective;
  /** Connections the server allows this role (PostgreSQL max_connections - reserved; Redis maxclients). */
  serverLimit?: { connections: number; source: string };
  /** Application instances sharing the server (--instances). */
  instances?: number;
  /** The closed-loop concurrency of the sweep (absent under a fixed rate). */
  concurrency?: number;
  rate?: number;
}

/** Within this share of the peak counts as "as good as the peak". */
export const KNEE_SHARE = 0.95;
const MAX_ERROR_RATE = 0.01;

export function pointsOf(trials: readonly SizeTrial[]): SizePoint[] {
  const sizes = [...new Set(trials.map((t) => t.size))].sort((a, b) => a - b);
  return sizes.map((size) => {
    const all = trials.filter((t) => t.size === size);
    const done = all.filter((t) => t.completed && t.ops > 0);
    const ops = all.reduce((n, t) => n + t.ops, 0);
    const errors = all.reduce((n, t) => n + t.errors, 0);
    const errorRate = ops + errors > 0 ? errors / (ops + errors) : all.length > 0 ? 1 : 0;
    if (done.length === 0)
      return {
        size,
        trials: all.length,
        throughput: null,
        latencyMs: null,
        errorRate,
        busyConnections: null,
      };
    const latencyMs = Object.fromEntries(
      PERCENTILES.map((p) => [p, median(done.map((t) => t.latencyMs[p]))]),
    ) as Record<Percentile, number>;
    const holds = done.flatMap((t) =>
      t.acquireMeanMs === undefined
        ? []
        : [(t.throughput * Math.max(0, t.latencyMs.mean - t.acquireMeanMs)) / 1000],
    );
    return {
      size,
      trials: all.length,
      throughput: median(done.map((t) => t.throughput)),
      latencyMs,
      errorRate,
      busyConnections: holds.length > 0 ? median(holds) : null,
    };
  });
}

type Measured = SizePoint & { throughput: number; latencyMs: Record<Percentile, number> };
const measured = (p: SizePoint): p is Measured => p.throughput !== null && p.latencyMs !== null;

export function recommendPoolSize(input: SizingInput): PoolSizeRecommendation {
  const points = pointsOf(input.trials);
  const usable = points.filter(measured).filter((p) => p.errorRate <= MAX_ERROR_RATE);
  const base = { variant: input.variant, points };
  if (usable.length === 0) {
    const why =
      points.length === 0
        ? 'nothing was measured'
        : `every pool size errored or failed more than ${MAX_ERROR_RATE * 100} % of its ops`;
    return {
      ...base,
      peak: null,
      knee: null,
      ...(input.objective ? { objective: { text: input.objective.text, metAt: null, best: null } } : {}),
      recommended: null,
      sentence: `${input.variant}: no recommendation: ${why}`,
    };
  }
  const top = usable.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  const peak = { size: top.size, throughput: top.throughput };
  const kneePoint = usable.find((p) => p.throughput >= KNEE_SHARE * peak.throughput)!;
  const knee = {
    size: kneePoint.size,
    throughput: kneePoint.throughput,
    shareOfPeak: kneePoint.throughput / peak.throughput,
  };
  const objective = input.objective;
  const meets = (p: Measured) => !objective || p.latencyMs[objective.percentile] < objective.maxMs;
  const metPoint = usable.find(meets);
  const chosen = usable.find((p) => p.size >= knee.size && meets(p)) ?? (objective ? metPoint : kneePoint);
  const recommended = chosen
    ? {
        size: chosen.size,
        shareOfPeak: chosen.throughput / peak.throughput,
        throughput: chosen.throughput,
        ...(objective ? { valueMs: chosen.latencyMs[objective.percentile] } : {}),
      }
    : null;
  const objectiveBlock = objective
    ? {
        text: objective.text,
        metAt: metPoint ? { size: metPoint.size, valueMs: metPoint.latencyMs[objective.percentile] } : null,
        best: metPoint ? null : bestFor(usable, objective.percentile),
      }
    : undefined;
  const above = recommended ? usable.filter((p) => p.size > recommended.size) : [];
  const noGainFrom =
    recommended && above.length > 0 && above.every((p) => p.throughput <= recommended.throughput / KNEE_SHARE)
      ? above[0]!.size
      : undefined;
  const worse = usable.filter((p) => p.size > peak.size && p.throughput < KNEE_SHARE * peak.throughput);
  const contentionFrom = worse[0]?.size;
  const littlesLaw = littleCheck(recommended ? usable.find((p) => p.size === recommended.size)! : top, input);
  const serverLimit =
    input.serverLimit && recommended
      ? {
          ...input.serverLimit,
          instances: input.instances ?? 1,
          needed: (input.instances ?? 1) * recommended.size,
          fits: (input.instances ?? 1) * recommended.size <= input.serverLimit.connections,
        }
      : undefined;
  const result: PoolSizeRecommendation = {
    ...base,
    peak,
    knee,
    ...(objectiveBlock ? { objective: objectiveBlock } : {}),
    recommended,
    ...(noGainFrom !== undefined ? { noGainFrom } : {}),
    ...(contentionFrom !== undefined ? { contentionFrom } : {}),
    ...(littlesLaw ? { littlesLaw } : {}),
    ...(serverLimit ? { serverLimit } : {}),
    sentence: '',
  };
  result.sentence = recommendationSentence(result);
  return result;
}

function bestFor(points: readonly Measured[], p: Percentile): { size: number; valueMs: number } {
  const best = points.reduce((a, b) => (b.latencyMs[p] < a.latencyMs[p] ? b : a));
  return { size: best.size, valueMs: best.latencyMs[p] };
}

function littleCheck(point: Measured, input: SizingInput): PoolSizeRecommendation['littlesLaw'] {
  if (point.busyConnections === null) return undefined;
  const trials = input.trials.filter((t) => t.size === point.size && t.completed && t.ops > 0);
  const inFlight =
    input.concurrency !== undefined
      ? median(trials.map((t) => (t.throughput * t.latencyMs.mean) / 1000))
      : undefined;
  return {
    size: point.size,
    busyConnections: point.busyConnections,
    utilisation: point.busyConnections / point.size,
    ...(inFlight !== undefined ? { inFlight, concurrency: input.concurrency } : {}),
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const pct = (share: number) => `${Math.round(share * 100)} %`;
const ops = (v: number) => Math.round(v).toLocaleString('en-US');

/** "pooled: pool-size 8: 97 % of peak throughput, p99 6.1 ms < 20 ms; 16+ adds no throughput". */
export function recommendationSentence(r: PoolSizeRecommendation): string {
  if (!r.peak || !r.knee) return r.sentence;
  const o = r.objective;
  if (!r.recommended || (o && !o.metAt)) {
    const best = o?.best;
    const seen = best
      ? `; the best seen: ${o.text.split('<')[0]} ${ms(best.valueMs)} ms at pool-size ${best.size}`
      : '';
    return `${r.variant}: no pool size met ${o?.text ?? 'the objective'}${seen} (peak ${ops(r.peak.throughput)} ops/s at pool-size ${r.peak.size})`;
  }
  const rec = r.recommended;
  const parts = [
    `${r.variant}: pool-size ${rec.size}: ${pct(rec.shareOfPeak)} of peak throughput (${ops(r.peak.throughput)} ops/s at ${r.peak.size})`,
  ];
  if (o && rec.valueMs !== undefined)
    parts[0] += `, ${o.text.split('<')[0]} ${ms(rec.valueMs)} ms < ${o.text.split('<')[1]}`;
  if (r.noGainFrom !== undefined) parts.push(`${r.noGainFrom}+ adds no throughput`);
  if (r.contentionFrom !== undefined)
    parts.push(`${r.contentionFrom}+ is slower than the peak (server contention)`);
  const limit = r.serverLimit;
  if (limit) {
    parts.push(
      limit.fits
        ? `${limit.instances} instance${limit.instances > 1 ? 's' : ''} x ${rec.size} = ${limit.needed} of the server's ${limit.connections} connections`
        : `${limit.instances} instances x ${rec.size} = ${limit.needed} exceeds the server's ${limit.connections} connections (${limit.source}): use a server-side pooler (PgBouncer) in front, or at most ${Math.max(1, Math.floor(limit.connections / limit.instances))}`,
    );
  }
  return parts.join('; ');
}
