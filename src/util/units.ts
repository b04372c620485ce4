// Parsing and formatting of durations and numbers given on the command line.

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/;
const SCALE_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** '10s' -> 10000, '500ms' -> 500, '2m' -> 120000, '1.5' -> 1500 (bare numbers are seconds). Undefined if invalid. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = value * (SCALE_MS[unit] ?? Number.NaN);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Integer list '1,10,50' -> [1, 10, 50]; undefined if any element is not an integer. */
export function parseIntList(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^-?\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${trim(ms / 1000)} s`;
  if (ms >= 1) return `${trim(ms)} ms`;
  if (ms >= 0.001) return `${trim(ms * 1000)} µs`;
  return `${trim(ms * 1e6)} ns`;
}

/** Latency in ms with a precision that suits its size: 0.0412, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 0.1) return ms.toPrecision(2);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function formatCount(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  return r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`;
}

function trim(n: number): string {
  return Number(n.toPrecision(3)).toString();
}
