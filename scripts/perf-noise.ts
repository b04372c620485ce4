// Run-to-run noise of the gate, measured: given N result files of the same short run (scripts/perf.sh noise
// makes them), compare every ordered pair with `poolbench compare --threshold 0` as the gate would, and
// print for each gated ratio its spread over the N runs and the largest change that the gate would have
// called a regression although nothing changed. Each ratio gets its own threshold from its own noise: its
// largest false alarm plus a quarter (six runs see less than the tail), rounded up to 5 %, at least 10 %;
// a ratio whose noise leaves no room (100 % or more: a ratio cannot drop further) is reported, not gated.
// `--gate <file>` writes them there as `--fail-on` rules, in the form `poolbench compare --config` reads;
// ratios without a rule are not gated (threshold 100 %).
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
  current: { median: number; scenario: string; variant: string; phase?: string; metric: string };
}

interface Noise {
  /** The rule's subject: scenario.variant[.phase].metric. */
  subject: string;
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
        const { scenario, variant, phase, metric } = row.current;
        const subject = [scenario, variant, phase, metric].filter(Boolean).join('.');
        const n = noise.get(row.key) ?? { subject, medians: [], maxChange: 0, falseAlarm: 0 };
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

/** A ratio's own threshold in %, or undefined when its noise is too large to gate it here. */
function ratioThreshold(falseAlarm: number): number | undefined {
  const t = Math.max(10, Math.ceil((falseAlarm * 1.25) / 5) * 5);
  return t >= 100 ? undefined : t;
}

function rules(noise: Map<string, Noise>): string[] {
  return [...noise.values()].flatMap((n) => {
    const t = ratioThreshold(n.falseAlarm);
    return t === undefined ? [] : [`${n.subject} < -${t}%`];
  });
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
    `Each ratio is gated at its own threshold (last column): its largest false alarm plus a quarter, rounded up to 5 %, at least 10 %; ${[...noise.values()].filter((n) => ratioThreshold(n.falseAlarm) === undefined).length} of ${noise.size} ratios are too noisy here to gate (reported, not gated).`,
    '',
    'Spread: (max − min) / median of the run medians. Largest change: between any two runs. Largest false',
    'alarm: the largest change the gate called a regression at threshold 0 (worse, and trial ranges apart).',
    '',
    '| gated ratio | medians over the runs (min–max) | spread | largest change | largest false alarm | gated at |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const [key, n] of rows) {
    const lo = Math.min(...n.medians);
    const hi = Math.max(...n.medians);
    const mid = [...n.medians].sort((a, b) => a - b)[Math.floor(n.medians.length / 2)]!;
    lines.push(
      `| ${key} | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${pct(((hi - lo) / mid) * 100)} | ${pct(n.maxChange)} | ${n.falseAlarm > 0 ? pct(n.falseAlarm) : '–'} | ${gatedAt(n)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function gatedAt(n: Noise): string {
  const t = ratioThreshold(n.falseAlarm);
  return t === undefined ? 'not gated' : `−${t} %`;
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
    // Every ratio measured has its rule below; one without (too noisy here, or new) is reported, not gated.
    threshold: 100,
    failOn: rules(noise),
    measured: {
      how: "scripts/perf.sh baseline: each ratio's largest false alarm over every ordered pair of the runs, plus a quarter, rounded up to 5 %, at least 10 %",
      smallestCommonThresholdPercent: summary.threshold,
      runs: args.length,
      largestFalseAlarmPercent: Number(summary.worst.toFixed(1)),
      machine: summary.machine,
    },
  };
  writeFileSync(gateFile, `${JSON.stringify(gate, null, 2)}\n`);
}
