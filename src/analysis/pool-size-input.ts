// What the pool-size analysis reads from a result: each variant's trials at each swept size (the 'total'
// of a phased scenario), and the server's connection limit from the facts the scenario recorded.

import type { RunResult } from '../model/result.js';
import type { SizeTrial } from './pool-size.js';

/** The steps in which an op waits for a pooled connection (pg.Pool's acquire, poolbench's pools' borrow). */
const ACQUIRE_STEPS = ['acquire', 'borrow'];

export function sizeTrialsOf(runs: readonly RunResult[], variant: string, key: string): SizeTrial[] {
  const phased = runs.some((r) => r.phase !== undefined);
  return runs
    .filter((r) => r.variant === variant && r.params?.[key] !== undefined)
    .filter((r) => !phased || r.phase === 'total')
    .map((r) => {
      const acquire = ACQUIRE_STEPS.map((s) => r.breakdownMs?.[s]?.mean).find((v) => v !== undefined);
      const l = r.latencyMs;
      return {
        size: r.params![key]!,
        completed: r.status === 'completed' && l !== null,
        throughput: r.throughput,
        ops: r.ops,
        errors: r.errors,
        latencyMs: l
          ? { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, p999: l.p999 }
          : { mean: 0, p50: 0, p95: 0, p99: 0, p999: 0 },
        ...(acquire !== undefined ? { acquireMeanMs: acquire } : {}),
      };
    });
}

/**
 * The connections an application role may hold: PostgreSQL max_connections minus the reserved slots (what
 * a non-superuser gets), Redis maxclients. Undefined when the scenario records neither.
 */
export function serverLimitOf(
  details: Readonly<Record<string, string | number | boolean>> | undefined,
): { connections: number; source: string } | undefined {
  if (!details) return undefined;
  const max = Number(details.maxConnections);
  if (Number.isInteger(max) && max > 0) {
    const superuser = Number(details.superuserReservedConnections ?? 0) || 0;
    const reserved = Number(details.reservedConnections ?? 0) || 0;
    const more = reserved > 0 ? ` - reserved_connections ${reserved}` : '';
    return {
      connections: max - superuser - reserved,
      source: `PostgreSQL max_connections ${max} - superuser_reserved_connections ${superuser}${more}`,
    };
  }
  const clients = Number(details.maxclients);
  if (Number.isInteger(clients) && clients > 0)
    return { connections: clients, source: `Redis maxclients ${clients}` };
  return undefined;
}
