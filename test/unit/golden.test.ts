// Golden files: every saved result (test fixtures, the docs gallery's runs, the perf baseline) renders
// byte-for-byte the same report.md, console summary, chart set and github-action-benchmark export as when the
// goldens were written, and the gate gives the same verdicts. Refactors are held to this; a change of output
// on purpose regenerates them:  POOLBENCH_UPDATE_GOLDEN=1 node --import tsx --test test/golden.test.ts

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { compareResults } from '../../src/gate/compare.js';
import { parseRule } from '../../src/gate/thresholds.js';
import type { BenchmarkResult } from '../../src/model/result.js';
import type { GateOptions, Rule } from '../../src/model/verdict.js';
import { chartSpecs } from '../../src/report/charts/specs.js';
import { exportResult } from '../../src/report/exporters.js';
import { renderConsoleSummary } from '../../src/report/formats/console.js';
import { renderVerdictJson, renderVerdictMarkdown } from '../../src/report/formats/verdict.js';
import { projectRoot } from '../helpers/cli.js';
import { savedResults } from '../helpers/saved-results.js';

const UPDATE = process.env.POOLBENCH_UPDATE_GOLDEN === '1';
const GOLDEN = join(projectRoot, 'test/fixtures/golden');

/** 'docs/http1/result.json' -> 'docs-http1-result': one folder name per saved result. */
const slug = (file: string) => file.replace(/\.json$/, '').replace(/\//g, '-');

const load = (file: string) => JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as BenchmarkResult;

/** Compares with the golden file, or (in update mode) writes it. */
function matchesGolden(name: string, actual: string | Buffer): void {
  const file = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no golden file ${name}: regenerate with POOLBENCH_UPDATE_GOLDEN=1`);
  assert.equal(actual.toString(), readFileSync(file, 'utf8'), `differs from golden ${name}`);
}

/** A chart's configuration as data: callbacks only noted, since their source text is not their output. */
function chartsAsJson(result: BenchmarkResult): string {
  const specs = result.scenarios.flatMap(chartSpecs);
  return `${JSON.stringify(specs, (_key, v) => (typeof v === 'function' ? '[function]' : v), 2)}\n`;
}

const results = savedResults();

describe('golden: every saved result renders as before', () => {
  it('finds the saved results', () => {
    assert.ok(results.includes('benchmarks/baseline.json'), results.join(', '));
    assert.ok(results.filter((f) => f.startsWith('docs/')).length >= 1);
    assert.ok(results.filter((f) => f.startsWith('test/fixtures/')).length >= 2);
  });

  for (const file of results) {
    it(`${file}: report.md with and without charts, console summary, charts, exports`, () => {
      const result = load(file);
      const dir = slug(file);
      const written = exportResult(result, ['json', 'md', 'png']);
      const byName = new Map(written.map((f) => [f.file, f.content]));
      matchesGolden(`${dir}/report.md`, byName.get('report.md') ?? '');
      const mdOnly = exportResult(result, ['md']);
      assert.deepEqual(
        mdOnly.map((f) => f.file),
        ['report.md'],
      );
      matchesGolden(`${dir}/report-no-charts.md`, mdOnly[0]!.content);
      matchesGolden(`${dir}/console.txt`, `${renderConsoleSummary(result)}\n`);
      matchesGolden(`${dir}/charts.json`, chartsAsJson(result));
      // The PNGs drawn are exactly the charts listed, each a PNG.
      const pngs = written.filter((f) => f.file.endsWith('.png'));
      const listed = result.scenarios.flatMap(chartSpecs).map((s) => s.file);
      assert.deepEqual(
        pngs.map((f) => f.file),
        listed,
      );
      for (const png of pngs) assert.equal((png.content as Buffer).subarray(1, 4).toString(), 'PNG');
      matchesGolden(`${dir}/files.txt`, `${written.map((f) => f.file).join('\n')}\n`);
      // result.json is the result itself.
      assert.deepEqual(JSON.parse(String(byName.get('result.json'))), result);
      for (const { file: name, content } of exportResult(result, ['github-action-benchmark'])) {
        matchesGolden(`${dir}/${name}`, content);
      }
    });
  }
});

const DEFAULT_GATE: GateOptions = { thresholdPercent: 10, absolute: false, rules: [] };
const rule = (text: string): Rule => {
  const parsed = parseRule(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
/** --absolute --threshold 5 with a --fail-on rule: every branch of the row verdict gets exercised. */
const STRICT_GATE: GateOptions = {
  thresholdPercent: 5,
  absolute: true,
  rules: [rule('*.*.throughputRatio < -3%')],
};

/** The verdict as `compare` prints it, Markdown then JSON, or the usage error it exits 2 with. */
function verdictText(baseline: BenchmarkResult, current: BenchmarkResult, options: GateOptions): string {
  try {
    const verdict = compareResults(baseline, current, options);
    return `${renderVerdictMarkdown(verdict, baseline, current)}\n${renderVerdictJson(verdict)}`;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return `usage error (exit 2):\n${err.problems.join('\n')}\n`;
  }
}

describe('golden: the gate judges every saved result against the baseline as before', () => {
  const BASELINE = 'benchmarks/baseline.json';
  for (const file of results) {
    it(`${BASELINE} vs ${file}, and back`, () => {
      const name = `verdicts/${slug(BASELINE)}--${slug(file)}`;
      matchesGolden(`${name}.txt`, verdictText(load(BASELINE), load(file), DEFAULT_GATE));
      matchesGolden(`${name}--strict.txt`, verdictText(load(BASELINE), load(file), STRICT_GATE));
      const back = `verdicts/${slug(file)}--${slug(BASELINE)}`;
      matchesGolden(`${back}.txt`, verdictText(load(file), load(BASELINE), DEFAULT_GATE));
    });
  }
  // The richest pairs: the fixtures and docs runs that share load points with each other.
  for (const [a, b] of [
    ['test/fixtures/result.json', 'docs/postgres-crud/result.json'],
    ['test/fixtures/result-sweep.json', 'docs/redis/result.json'],
    ['docs/tcp-echo/result.json', 'docs/tcp-echo/result.json'],
  ] as const) {
    it(`${a} vs ${b}`, () => {
      const name = `verdicts/${slug(a)}--${slug(b)}`;
      matchesGolden(`${name}.txt`, verdictText(load(a), load(b), DEFAULT_GATE));
      matchesGolden(`${name}--strict.txt`, verdictText(load(a), load(b), STRICT_GATE));
    });
  }
});
