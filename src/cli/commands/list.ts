// `poolbench list`: every scenario with its variants and a one-line description.

import type { Scenario } from '../../scenario/index.js';

export function renderList(registry: readonly Scenario[]): string {
  const width = Math.max(...registry.map((s) => s.id.length));
  return registry
    .map((s) => {
      const variants = s.variantNames
        .map((v) => (v === s.baseline && s.variantNames.length > 1 ? `${v} (baseline)` : v))
        .join(', ');
      return `${s.id.padEnd(width)}  ${s.description}\n${' '.repeat(width)}  variants: ${variants}`;
    })
    .join('\n');
}
