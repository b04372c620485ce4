// The text renderers on saved results: report.md (tables, comparisons in words, the seed's performance gain,
// warnings, errored runs, environment), the console summary, and exportResult. Expected figures are
// computed here from the fixture's runs, not copied from the renderer's output.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchmarkResult } from '../../src/model/result.js';
import { exportResult } from '../../src/report/exporters.js';
import { renderConsoleSummary } from '../../src/report/formats/console.js';
import { renderMarkdown } from '../../src/report/formats/markdown.js';
import { formatCount, formatRatio } from '../../src/util/units.js';
import { loadFixture, median, runsOf, scenario } from '../fixtures/load.js';

/** The Markdown table row that starts with these cells. */
function row(md: string, ...cells: string[]): string {
  const prefix = `| ${cells.join(' | ')} |`;
  const found = md.split('\n').find((l) => l.startsWith(prefix));
  assert.ok(found, `no row starting ${prefix}`);
  return found;
}

function section(md: string, heading: string): string {
  const start = md.indexOf(heading);
  assert.ok(start >= 0, `no section ${heading}`);
  const next = md.indexOf('\n## ', start + heading.length);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('renderMarkdown', () => {
  const result = loadFixture('result');
  const md = renderMarkdown(result);
  const echo = scenario(result, 'tcp-echo');
  const tcp = section(md, '## tcp-echo');
  const pg = section(md, '## postgres-crud');

  it('has a results table with variants x concurrency: medians and min–max over trials', () => {
    assert.match(
      tcp,
      /\| variant \| c \| throughput \(ops\/s\) \| p50 \(ms\) \| p95 \(ms\) \| p99 \(ms\) \| p99\.9 \(ms\) \| errors \(all trials\) \| reuse rate \| trials \|/,
    );
    const pooled = runsOf(echo, { variant: 'pooled', concurrency: 50 });
    const tput = pooled.map((r) => r.throughput);
    const expected = `${formatCount(median(tput))} (${formatCount(Math.min(...tput))}–${formatCount(Math.max(...tput))})`;
    const line = row(tcp, 'pooled', '50');
    assert.ok(line.includes(`| ${expected} |`), line);
    assert.match(line, /\| 2 \|$/, 'two trials');
    // Every variant x concurrency has its row.
    for (const v of ['unpooled', 'pooled']) for (const c of ['1', '50']) row(tcp, v, c);
  });

  it('keeps the errored trial visible: trial count, error kinds, and why it errored', () => {
    const line = row(tcp, 'unpooled', '50');
    assert.match(line, /1 of 2 \(1 errored\)/);
    assert.match(line, /EADDRNOTAVAIL 51,234, ECONNRESET 31, ETIMEDOUT 6/);
    assert.match(tcp, /- unpooled at c=50, trial 2 errored: every op failed: EADDRNOTAVAIL/);
    assert.match(
      tcp,
      /\| unpooled \| c=50 \| 2 \| errored \(every op failed: EADDRNOTAVAIL/,
      'per-trial table',
    );
  });

  it('gives a variant whose every trial errored a row that says why', () => {
    const copy = loadFixture('result');
    const s = scenario(copy, 'tcp-echo');
    for (const r of runsOf(s, { variant: 'pooled', concurrency: 1 })) {
      Object.assign(r, {
        status: 'errored',
        error: 'setup failed: connect ECONNREFUSED 127.0.0.1:9',
        ops: 0,
      });
      r.latencyMs = null;
    }
    s.comparisons = s.comparisons.filter((c) => c.concurrency !== 1);
    const out = renderMarkdown(copy);
    assert.match(
      row(out, 'pooled', '1'),
      /\| errored \(setup failed: connect ECONNREFUSED 127\.0\.0\.1:9\) \| – \|/,
    );
    assert.doesNotMatch(out, /unpooled at c=1,/);
  });

  it('states the comparisons in words, from the comparisons block', () => {
    const c50 = echo.comparisons.find((c) => c.concurrency === 50)!;
    assert.ok(
      tcp.includes(
        `- pooled: ${formatRatio(c50.throughputRatio)} the throughput of unpooled at c=50, p50 ${formatRatio(c50.p50Ratio)} lower, p99 ${formatRatio(c50.p99Ratio)} lower (1 trial)`,
      ),
    );
    const c1 = echo.comparisons.find((c) => c.concurrency === 1)!;
    const [lo, hi] = c1.throughputRatioRange.map(formatRatio);
    assert.ok(tcp.includes(`at c=1, p50 ${formatRatio(c1.p50Ratio)} lower`));
    assert.ok(tcp.includes(`(2 trials: throughput ${lo}–${hi}, p99 `), 'trial spread of the ratio');
    assert.ok(c50.throughputRatio > 5, 'fixture: pooling wins by far at c=50');
  });

  it('prints warnings prominently, before the results table', () => {
    const warning = tcp.indexOf('> [!WARNING]');
    assert.ok(warning >= 0 && warning < tcp.indexOf('### Results'));
    assert.match(tcp, /> - 28,190 sockets in TIME_WAIT after the unpooled runs/);
    assert.match(tcp, /> - pooled c=50: 1 of 2 trials: load generator saturated/);
    assert.match(md, /## Summary[\s\S]*tcp-echo: ⚠ 2 warnings/);
  });

  it("keeps the seed's view for phases: seconds per phase, total, Performance gain", () => {
    const s = scenario(result, 'postgres-crud');
    const totals = (v: string) => runsOf(s, { variant: v, phase: 'total' });
    const gains = totals('pooled').map((p) => {
      const u = totals('unpooled').find((r) => r.trial === p.trial)!;
      return 1 - p.durationS / u.durationS;
    });
    const gain = `${(median(gains) * 100).toFixed(1)} %`;
    assert.match(pg, /\| phase \| unpooled \(s\) \| pooled \(s\) \|/);
    for (const phase of ['create', 'read', 'update', 'delete', 'total']) row(pg, phase);
    assert.ok(pg.includes(`pooled vs unpooled at c=50: Performance gain: ${gain} (total `), gain);
    assert.ok(median(gains) > 0.9);
    // The main table carries the phase column too.
    row(pg, 'pooled', '50', 'read');
  });

  it('shows the connection tax, recovery, micro-benchmarks with their ratio, details and notes', () => {
    assert.match(pg, /### Time inside an op \(connection tax\)/);
    row(pg, 'unpooled', 'c=50', 'connect');
    row(pg, 'unpooled', 'c=50', 'query');
    assert.match(row(pg, 'pooled at c=50 (read), trial 1', '12 (57P01 12)'), /\| 4\.20 ms \|$/);
    assert.match(tcp, /\| net\.connect to ready \| 94\.6 µs \| 94,576 \|/);
    const [slow, fast] = echo.microbenchmarks!;
    assert.ok(
      tcp.includes(
        `pool acquire+release (warm) is ${formatRatio(slow!.nsPerOp / fast!.nsPerOp)} faster than net.connect to ready (251 ns vs 94.6 µs per op)`,
      ),
    );
    row(pg, 'max_connections', '100');
    row(tcp, 'pooled', 'c=50', 'wait', '50');
    assert.match(pg, /- pg\.Pool is warmed to its size/);
  });

  it('names the target with its server version and the environment', () => {
    assert.match(
      pg,
      /\*\*Target:\*\* embedded PostgreSQL · `postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:54321\/poolbench` · server PostgreSQL 18\.0/,
    );
    const env = section(md, '## Environment');
    row(env, 'Node.js', 'v20.20.0 (V8 11.3.244.8-node.33)');
    row(env, 'CPU', '2 × Intel(R) Xeon(R) CPU @ 2.20GHz');
    row(env, 'trials', '2, variants interleaved');
  });

  it('never prints a password, even one that slipped into a warning or an error', () => {
    const copy = loadFixture('result');
    const s = scenario(copy, 'postgres-crud');
    s.warnings.push('could not reach postgres://admin:hunter2@db.example:5432/app');
    s.runs[0]!.error = 'connect failed for postgres://admin:hunter2@db.example:5432/app';
    s.runs[0]!.status = 'errored';
    s.options.pgUrl = 'postgres://admin:hunter2@db.example:5432/app';
    for (const out of [renderMarkdown(copy), renderConsoleSummary(copy)]) {
      assert.doesNotMatch(out, /hunter2/);
      assert.match(out, /postgres:\/\/admin:\*\*\*@db\.example/);
    }
  });

  it('says when a run was interrupted', () => {
    assert.doesNotMatch(md, /interrupted/i);
    const out = renderMarkdown({ ...loadFixture('result'), interrupted: true });
    assert.match(out, /> \[!CAUTION\]\n> The run was interrupted/);
  });

  it('handles units, a concurrency sweep and experiments', () => {
    const sweep = renderMarkdown(loadFixture('result-sweep'));
    assert.match(sweep, /\| throughput \(ops\/s\) \| commands\/s \|/);
    assert.match(sweep, /One op is 50 commands: latency is per op \(per batch of 50\)/);
    // Counted in ops, a pipeline of 50 undersells itself: the sentence also counts commands.
    const redis = scenario(loadFixture('result-sweep'), 'redis');
    const [base] = runsOf(redis, { variant: 'unpooled', concurrency: 50 });
    const [pipe] = runsOf(redis, { variant: 'pipeline-50', concurrency: 50 });
    const inCommands = formatRatio(pipe!.unit!.throughput / base!.throughput);
    assert.ok(
      sweep.includes(`the throughput of unpooled at c=50 (${inCommands} in commands/s), p50`),
      inCommands,
    );
    for (const c of ['1', '10', '50']) row(sweep, 'pipeline-50', c);
    assert.match(sweep, /#### Pool start-up time: sequential vs concurrent/);
    assert.match(
      sweep,
      /\| workers \| sequential — time \(ms\) \| concurrent — time \(ms\) \| sequential \/ concurrent \|/,
    );
    assert.match(row(sweep, '16'), /\| 3,440 \(3,360–3,584\) \| 356 \(352–374\) \| 9\.66x \|$/);
    assert.match(sweep, /each worker sleeps 200 ms at start-up/);
    row(sweep, 'rssPerWorkerMiB', '9.8');
  });

  it('embeds the charts it is given where they belong', () => {
    const charts = [
      { scenario: 'tcp-echo', kind: 'throughput', file: 'tcp-echo-throughput.png', title: 'T' },
      { scenario: 'postgres-crud', kind: 'phases', file: 'postgres-crud-phases.png', title: 'P' },
    ];
    const out = renderMarkdown(result, { charts });
    const tcpOut = section(out, '## tcp-echo');
    assert.ok(tcpOut.includes('![T](tcp-echo-throughput.png)'));
    const pgOut = section(out, '## postgres-crud');
    assert.ok(pgOut.indexOf('![P](postgres-crud-phases.png)') > pgOut.indexOf('### Seconds per phase'));
    assert.doesNotMatch(md, /!\[/, 'no image links without charts');
  });
});

describe('renderConsoleSummary', () => {
  const result = loadFixture('result');
  const text = renderConsoleSummary(result);
  const lines = text.split('\n');

  it('prints aligned columns', () => {
    const header = lines.findIndex((l) => l.includes('variant') && l.includes('throughput (ops/s)'));
    assert.ok(header >= 0, text);
    const table = lines.slice(header, header + 5);
    assert.equal(new Set(table.map((l) => l.length)).size, 1, `equal widths:\n${table.join('\n')}`);
    const col = table[0]!.indexOf('throughput (ops/s)') + 'throughput (ops/s)'.length;
    for (const l of table.slice(1))
      assert.match(l.slice(col - 3, col), /\d/, 'right-aligned under its header');
  });

  it('has the comparison lines, the gain and the warnings', () => {
    assert.match(text, /^ {2}pooled: [\d.]+x the throughput of unpooled at c=50, p50 [\d.]+x lower/m);
    assert.match(text, /Performance gain: \d+\.\d %/);
    assert.match(text, /^ {2}! 28,190 sockets in TIME_WAIT/m);
    assert.match(text, /trial 2 errored: every op failed: EADDRNOTAVAIL/);
    assert.match(text, /376\.5x faster than net\.connect/);
  });

  it('shows phase totals only, with the seconds per phase', () => {
    const pg = text.slice(text.indexOf('postgres-crud:'));
    assert.doesNotMatch(pg, /\(create\), p50/);
    assert.match(pg, /at c=50 \(total\)/);
    assert.match(pg, /^ {4}create +[\d.]+ +[\d.]+$/m);
  });

  it('copes with a result where nothing finished', () => {
    const empty: BenchmarkResult = { ...result, scenarios: [] };
    assert.equal(renderConsoleSummary(empty), 'no scenario finished');
    const none = { ...result, scenarios: [{ ...scenario(result, 'tcp-echo'), runs: [], comparisons: [] }] };
    assert.match(renderConsoleSummary(none), /no measured runs/);
    assert.match(renderMarkdown(none), /No measured runs in this scenario/);
  });
});

describe('exportResult', () => {
  const result = loadFixture('result');

  it('returns the JSON as saved', () => {
    const files = exportResult(result, ['json']);
    assert.deepEqual(
      files.map((f) => f.file),
      ['result.json'],
    );
    assert.deepEqual(JSON.parse(String(files[0]!.content)), result);
  });

  it('returns report.md alone, or with the PNGs it links', () => {
    const md = exportResult(result, ['md']);
    assert.deepEqual(
      md.map((f) => f.file),
      ['report.md'],
    );
    const all = exportResult(result, ['json', 'md', 'png']);
    const pngs = all.filter((f) => f.file.endsWith('.png'));
    assert.ok(pngs.length >= 6);
    const report = String(all.find((f) => f.file === 'report.md')!.content);
    for (const p of pngs) {
      assert.ok(Buffer.isBuffer(p.content));
      assert.ok(report.includes(`](${p.file})`), `report.md links ${p.file}`);
    }
  });
});
