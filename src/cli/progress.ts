// What the user sees while a run goes on: a progress bar on a TTY, one plain line per finished run otherwise.

import cliProgress from 'cli-progress';
import type { RunLabel } from '../driver/measure/measure-variant.js';
import type { ScenarioObserver } from '../driver/run-scenario.js';
import type { RunResult } from '../model/result.js';
import { formatCount, formatMs } from '../util/units.js';

export function describeLabel(label: RunLabel, trials: number): string {
  const phase = label.phase ? ` ${label.phase}` : '';
  return `${label.scenario} ${label.variant}${phase} c=${label.concurrency} trial ${label.trial}/${trials}`;
}

export function describeRun(run: RunResult): string {
  if (run.status === 'errored') return `errored: ${run.error}`;
  const unit = run.unit ? ` (${formatCount(run.unit.throughput)} ${run.unit.name}/s)` : '';
  const lat = run.latencyMs
    ? `, p50 ${formatMs(run.latencyMs.p50)} ms, p99 ${formatMs(run.latencyMs.p99)} ms`
    : '';
  const errors = run.errors > 0 ? `, ${run.errors} errors` : '';
  return `${formatCount(run.throughput)} ops/s${unit}${lat}${errors}`;
}

export function createObserver(opts: {
  quiet: boolean;
  trials: number;
  stream?: NodeJS.WriteStream;
}): ScenarioObserver & { stop(): void } {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { stop() {} };
  const line = (text: string) => stream.write(`${text}\n`);
  const common: ScenarioObserver = {
    scenarioOpened: (id, target) =>
      line(
        `${id}: target ${target.description}${target.url ? ` (${target.url})` : ''}${target.serverVersion ? `, ${target.serverVersion}` : ''}`,
      ),
    stage: (id, what) => line(`${id}: running ${what}`),
  };
  if (!stream.isTTY) {
    return {
      ...common,
      runFinished: (label, run) => line(`  ${describeLabel(label, opts.trials)}: ${describeRun(run)}`),
      stop() {},
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '  {label} [{bar}] {percentage}% {detail}',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let timer: NodeJS.Timeout | undefined;
  const stopBar = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    bar.stop();
  };
  return {
    ...common,
    runStarted(label, plan, progress) {
      stopBar();
      const byOps = plan.ops !== undefined;
      const total = byOps ? plan.ops! : Math.max(1, Math.round(plan.durationMs ?? 1));
      bar.start(total, 0, { label: describeLabel(label, opts.trials), detail: '' });
      timer = setInterval(() => {
        const p = progress();
        bar.update(Math.min(total, byOps ? p.done : p.elapsedMs), { detail: `${formatCount(p.done)} ops` });
      }, 100);
      timer.unref();
    },
    runFinished(label, run) {
      stopBar();
      line(`  ${describeLabel(label, opts.trials)}: ${describeRun(run)}`);
    },
    stop: stopBar,
  };
}
