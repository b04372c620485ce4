// `poolbench list`: every scenario with its variants and a one-line description.

import type { Scenario } from '../../driver/scenario.js';

export function renderList(registry: readonly Scenario[]): string {
  const width = Math.max(...registry.map((s) => s.id.length));
  return registry
    .map((s) => {
      const baseline = s.baseline ?? 'unpooled';
      const variants = s.variants
        .map((v) => (v === baseline && s.variants.length > 1 ? `${v} (baseline)` : v))
        .join(', ');
      return `${s.id.padEnd(width)}  ${s.description}\n${' '.repeat(width)}  variants: ${variants}`;
    })
    .join('\n');
}
