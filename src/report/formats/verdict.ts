// Pure renderers of a gate verdict: Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY, and JSON.

import type { BenchmarkResult } from '../../model/result.js';
import type { GateRow, GateVerdict, MetricPoint } from '../../model/verdict.js';
import { formatCount, formatMs, formatRatio } from '../../util/units.js';

function value(p: MetricPoint, v: number): string {
  if (p.kind === 'ratio') return formatRatio(v);
  return p.metric === 'throughput' ? `${formatCount(v)} ops/s` : `${formatMs(v)} ms`;
}

function side(p: MetricPoint): string {
  const spread =
    p.trials > 1 ? ` (${value(p, p.range[0])}–${value(p, p.range[1])}, ${p.trials} trials)` : ' (1 trial)';
  return `${value(p, p.median)}${spread}`;
}

const ICON: Record<GateRow['verdict'], string> = {
  improved: '🟢 improved',
  unchanged: '⚪ unchanged',
  regressed: '🔴 regressed',
};

function verdictText(r: GateRow): string {
  if (r.verdict === 'unchanged' && r.overlap && r.changePercent !== 0)
    return `${ICON.unchanged} (within noise)`;
  if (r.verdict === 'regressed' && !r.gated) return '🟠 regressed (not gated)';
  return ICON[r.verdict];
}

function describeRun(r: BenchmarkResult): string {
  const e = r.environment;
  return `${r.startedAt} · poolbench ${r.tool.version} · Node ${e.node} · ${e.cpuCount}× ${e.cpuModel}`;
}

export function renderVerdictMarkdown(
  verdict: GateVerdict,
  baseline: BenchmarkResult,
  current: BenchmarkResult,
): string {
  const n = verdict.regressions.length;
  const lines = [
    `## poolbench compare: ${verdict.passed ? '✅ no regression' : `❌ ${n} regression${n === 1 ? '' : 's'}`}`,
    '',
    `- baseline: ${describeRun(baseline)}`,
    `- current: ${describeRun(current)}`,
    `- gate: a change counts when it exceeds ${verdict.options.thresholdPercent} % and the trial ranges (min–max) of the two runs do not overlap; gated metrics: pooled/unpooled ratios${verdict.options.absolute ? ', absolute throughput and latency' : ' (absolute figures shown, not gated; --absolute to gate them)'}${verdict.options.rules.length ? `; rules: ${verdict.options.rules.map((r) => `\`${r.text}\``).join(', ')}` : ''}`,
    '',
  ];
  if (n > 0) {
    lines.push('### Regressions', '');
    for (const r of verdict.regressions) {
      lines.push(
        `- **${r.key}**: ${value(r.baseline, r.baseline.median)} → ${value(r.current, r.current.median)} (${signed(r.changePercent)})${r.rule ? `, rule \`${r.rule}\`` : ''}`,
      );
    }
    lines.push('');
  }
  lines.push('| metric | baseline | current | change | verdict |', '|---|---|---|---:|---|');
  const ordered = [...verdict.rows].sort((a, b) => Number(b.gated) - Number(a.gated));
  for (const r of ordered) {
    lines.push(
      `| ${r.key}${r.gated ? '' : ' ¹'} | ${side(r.baseline)} | ${side(r.current)} | ${signed(r.changePercent)} | ${verdictText(r)} |`,
    );
  }
  if (ordered.some((r) => !r.gated))
    lines.push(
      '',
      '¹ not gated: an absolute figure depends on the machine; compare with --absolute on the same machine class.',
    );
  if (verdict.onlyInBaseline.length || verdict.onlyInCurrent.length) {
    lines.push('');
    if (verdict.onlyInBaseline.length)
      lines.push(`Only in the baseline (not compared): ${verdict.onlyInBaseline.join(', ')}`);
    if (verdict.onlyInCurrent.length)
      lines.push(`Only in the current run (not compared): ${verdict.onlyInCurrent.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderVerdictJson(verdict: GateVerdict): string {
  return `${JSON.stringify(
    {
      passed: verdict.passed,
      thresholdPercent: verdict.options.thresholdPercent,
      absolute: verdict.options.absolute,
      rules: verdict.options.rules.map((r) => r.text),
      regressions: verdict.regressions.map((r) => r.key),
      rows: verdict.rows.map((r) => ({
        key: r.key,
        metric: r.current.metric,
        kind: r.current.kind,
        gated: r.gated,
        verdict: r.verdict,
        changePercent: r.changePercent,
        overlap: r.overlap,
        baseline: { median: r.baseline.median, range: r.baseline.range, trials: r.baseline.trials },
        current: { median: r.current.median, range: r.current.range, trials: r.current.trials },
        ...(r.rule ? { rule: r.rule } : {}),
      })),
      onlyInBaseline: verdict.onlyInBaseline,
      onlyInCurrent: verdict.onlyInCurrent,
    },
    null,
    2,
  )}\n`;
}

function signed(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)} %`;
}
