// One line per problem: per-trial warnings of the same variant and load point are shown once, with how
// many trials raised them and the range of their figures, in the console summary and in report.md.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchmarkResult, ScenarioResult } from '../../src/model/result.js';
import { renderConsoleSummary } from '../../src/report/formats/console.js';
import { renderMarkdown } from '../../src/report/formats/markdown.js';
import { displayWarnings } from '../../src/report/warnings.js';
import { loadFixture, scenario } from '../fixtures/load.js';

const saturated = (variant: string, c: number, trial: number, busy: number, p99: string) =>
  `${variant} c=${c} trial ${trial}: load generator saturated (event loop ${busy} % busy, event-loop delay p99 ${p99} ms): these figures may measure poolbench rather than the target; use fewer connections, a lower rate, or --workers`;

/** The fixture's tcp-echo scenario with three trials per run point, each saturating as `busy` says. */
function withTrials(
  busy: (variant: string, c: number, trial: number) => number | undefined,
): BenchmarkResult {
  const result = loadFixture('result');
  const echo = scenario(result, 'tcp-echo');
  const template = echo.runs;
  const runs = [1, 50].flatMap((c) =>
    [1, 2, 3].flatMap((trial) =>
      ['unpooled', 'pooled'].map((variant) => {
        const base = template.find((r) => r.variant === variant && r.concurrency === c)!;
        const b = busy(variant, c, trial);
        const warnings = b === undefined ? [] : [saturated(variant, c, trial, b, (b / 40).toFixed(1))];
        return { ...base, trial, ...(warnings.length ? { warnings } : {}) };
      }),
    ),
  );
  const others = echo.warnings.filter((w) => !/ trial \d+: /.test(w));
  const perTrial = runs.flatMap((r) => r.warnings ?? []);
  const changed: ScenarioResult = { ...echo, runs, warnings: [...others, ...perTrial] };
  return { ...result, scenarios: result.scenarios.map((s) => (s.id === 'tcp-echo' ? changed : s)) };
}

describe('per-trial warnings', () => {
  const result = withTrials((variant, c, trial) =>
    c === 50 && variant === 'pooled' ? 95 + trial : c === 50 && trial === 2 ? 91 : undefined,
  );
  const echo = scenario(result, 'tcp-echo');

  it('are one line per variant and load point, saying how many trials and the range of their figures, in the order first raised', () => {
    const lines = displayWarnings(echo).filter((w) => w.includes('saturated'));
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf(': these figures'))),
      [
        'pooled c=50: 3 of 3 trials: load generator saturated (event loop 96–98 % busy, event-loop delay p99 2.4–2.5 ms)',
        'unpooled c=50: 1 of 3 trials: load generator saturated (event loop 91 % busy, event-loop delay p99 2.3 ms)',
      ],
    );
  });

  it('keep every other warning as it is, in its place', () => {
    assert.match(displayWarnings(echo)[0] ?? '', /sockets in TIME_WAIT/);
    assert.equal(displayWarnings(echo).length, 3);
  });

  it('appear once in the console summary and in report.md', () => {
    for (const text of [renderConsoleSummary(result), renderMarkdown(result)]) {
      assert.equal(text.match(/load generator saturated/g)?.length, 2, text);
      assert.match(text, /pooled c=50: 3 of 3 trials: load generator saturated/);
      assert.doesNotMatch(text, /trial 1: load generator/);
    }
    assert.match(renderMarkdown(result), /tcp-echo: ⚠ 3 warnings/);
  });

  it('keep apart the swept values of one variant and load point', () => {
    const swept = withTrials((variant, c) => (variant === 'pooled' && c === 50 ? 97 : undefined));
    const s = scenario(swept, 'tcp-echo');
    const runs = [5, 10].flatMap((poolSize) => s.runs.map((r) => ({ ...r, params: { poolSize } })));
    const lines = displayWarnings({ ...s, runs }).filter((w) => w.includes('saturated'));
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf(': load'))),
      ['pooled c=50 poolSize=5: 3 of 3 trials', 'pooled c=50 poolSize=10: 3 of 3 trials'],
    );
  });
});
