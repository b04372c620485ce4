// Deterministic splitting of load between worker threads or shards: part i of n gets an even share, the
// first (total mod n) parts one more, so the parts always add up to the total.

export function shareOf(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/** Where part i starts: the sum of the shares before it (for unique op and worker indexes). */
export function offsetOf(total: number, parts: number, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += shareOf(total, parts, i);
  return offset;
}

/** A rate is continuous: split it exactly. */
export function rateShare(rate: number, parts: number): number {
  return rate / parts;
}
