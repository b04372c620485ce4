// Run-to-run noise of the gate, measured: given N result files of the same short run (scripts/perf.sh noise
// makes them), compare every ordered pair with `poolbench compare --threshold 0` as the gate would, and
// print for each gated ratio its spread over the N runs and the largest change that the gate would have
// called a regression although nothing changed. The smallest threshold that raises no false alarm over all
// N·(N-1) pairs, rounded up to 5 %, is the one to use on that machine class; `--gate <file>` writes it there
// in the form `poolbench compare --config` reads.
//   node --import tsx scripts/perf-noise.ts [--gate gate.json] reports/perf-noise/run-*/result.json

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Row {
  key: string;
  gated: boolean;
  kind: 'ratio' | 'absolute';
  verdict: 'improved' | 'unchanged' | 'regressed';
  changePercent: number;
  current: { median: number };
}

interface Noise {
  medians: number[];
  /** Largest |change| between two runs, whatever the trial ranges. */
  maxChange: number;
  /** Largest |change| the gate called a regression at threshold 0 (worse and trial ranges apart). */
  falseAlarm: number;
}

const cli = fileURLToPath(new URL('../bin/poolbench.js', import.meta.url));

function compareAtZero(baseline: string, current: string): Row[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'compare', baseline, current, '--json', '--threshold', '0'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (err) {
    // exit 3 = some row regressed at threshold 0: that is what we measure; its stdout is the verdict
    const failed = err as { status?: number; stdout?: string };
    if (failed.status !== 3 || !failed.stdout) throw err;
    out = failed.stdout;
  }
  return (JSON.parse(out) as { rows: Row[] }).rows.filter((r) => r.gated && r.kind === 'ratio');
}

function measure(files: readonly string[]): Map<string, Noise> {
  const noise = new Map<string, Noise>();
  for (const [i, baseline] of files.entries()) {
    for (const [j, current] of files.entries()) {
      if (i === j) continue;
      for (const row of compareAtZero(baseline, current)) {
        const n = noise.get(row.key) ?? { medians: [], maxChange: 0, falseAlarm: 0 };
        if (i === 0 || (i === 1 && j === 0)) n.medians.push(row.current.median);
        n.maxChange = Math.max(n.maxChange, Math.abs(row.changePercent));
        if (row.verdict === 'regressed') n.falseAlarm = Math.max(n.falseAlarm, Math.abs(row.changePercent));
        noise.set(row.key, n);
      }
    }
  }
  return noise;
}

interface Summary {
  threshold: number;
  worst: number;
  machine: string;
}

function summarize(files: readonly string[], noise: Map<string, Noise>): Summary {
  const worst = Math.max(0, ...[...noise.values()].map((n) => n.falseAlarm));
  const { environment: env } = JSON.parse(readFileSync(files[0]!, 'utf8')) as {
    environment: { cpuCount: number; cpuModel: string; arch: string; machineClass?: string };
  };
  return {
    threshold: Math.max(5, Math.ceil(worst / 5) * 5),
    worst,
    machine: `${env.machineClass ? `${env.machineClass}, ` : ''}${env.cpuCount}× ${env.cpuModel} (${env.arch})`,
  };
}

function report(files: readonly string[], noise: Map<string, Noise>, summary: Summary): string {
  const pct = (x: number) => `${x.toFixed(1)} %`;
  const rows = [...noise.entries()].sort(([, a], [, b]) => b.falseAlarm - a.falseAlarm);
  const lines = [
    `## Gate noise over ${files.length} runs (${files.length * (files.length - 1)} ordered pairs)`,
    '',
    `Machine: ${summary.machine}. Runs: ${files.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { startedAt: string }).startedAt).join(', ')}.`,
    `Smallest threshold with no false alarm: **${summary.threshold} %** (largest false alarm ${pct(summary.worst)}, rounded up to 5 %).`,
    '',
    'Spread: (max − min) / median of the run medians. Largest change: between any two runs. Largest false',
    'alarm: the largest change the gate called a regression at threshold 0 (worse, and trial ranges apart).',
    '',
    '| gated ratio | medians over the runs (min–max) | spread | largest change | largest false alarm |',
    '|---|---|---:|---:|---:|',
  ];
  for (const [key, n] of rows) {
    const lo = Math.min(...n.medians);
    const hi = Math.max(...n.medians);
    const mid = [...n.medians].sort((a, b) => a - b)[Math.floor(n.medians.length / 2)]!;
    lines.push(
      `| ${key} | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${pct(((hi - lo) / mid) * 100)} | ${pct(n.maxChange)} | ${n.falseAlarm > 0 ? pct(n.falseAlarm) : '–'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const args = process.argv.slice(2);
const gateAt = args.indexOf('--gate');
const gateFile = gateAt >= 0 ? args.splice(gateAt, 2)[1] : undefined;
if (args.length < 2) {
  process.stderr.write(
    'usage: perf-noise [--gate gate.json] <result.json> <result.json> [...]: at least two runs\n',
  );
  process.exit(2);
}
const noise = measure(args);
const summary = summarize(args, noise);
process.stdout.write(report(args, noise, summary));
if (gateFile) {
  const gate = {
    threshold: summary.threshold,
    measured: {
      how: 'scripts/perf.sh baseline: the smallest threshold (rounded up to 5 %) with which no ordered pair of the runs fails the gate',
      runs: args.length,
      largestFalseAlarmPercent: Number(summary.worst.toFixed(1)),
      machine: summary.machine,
    },
  };
  writeFileSync(gateFile, `${JSON.stringify(gate, null, 2)}\n`);
}
