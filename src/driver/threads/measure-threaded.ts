// Runs one variant's load split over N worker threads (one Node event loop drives about one core). Each
// thread sets up its own clients against the same target; the windows start together on the driver's
// "go"; histograms come back encoded and are merged bucket by bucket, counts summed.

import { Worker } from 'node:worker_threads';
import type { GeneratorHealth, LoadInfo, RunResult } from '../../model/result.js';
import type { OptionBag, Scenario } from '../../scenario/index.js';
import { recordWarnings } from '../../util/library-warnings.js';
import { workerEntry } from '../../util/worker-entry.js';
import { watchGenerator } from '../measure/generator-health.js';
import type { DriverObserver, MeasureSettings } from '../measure/measure-variant.js';
import { Recorder } from '../measure/recorder.js';
import {
  buildRunResult,
  erroredRun,
  type RunLabel,
  totalRun,
  type WindowFacts,
} from '../measure/run-result.js';
import type { OpenedScenario } from '../open-scenario.js';
import { type MergedParts, mergeSideBySide } from '../split/merge-parts.js';
import { offsetOf, rateShare, shareOf } from '../split/shares.js';
import type { FromThread, ThreadJob, ThreadWindow, WindowReport } from './protocol.js';

const workerFile = workerEntry(import.meta.url, 'thread-worker');

class ThreadHandle {
  private readonly queue: FromThread[] = [];
  private wake: (() => void) | undefined;
  readonly worker: Worker;

  constructor(job: ThreadJob) {
    this.worker = new Worker(workerFile, { workerData: job });

    this.worker.on('message', (msg: FromThread) => this.push(msg));
    this.worker.on('error', (err) => this.push({ type: 'failed', error: err.message }));
    this.worker.on('exit', () => this.push({ type: 'failed', error: 'worker thread exited' }));
  }

  private push(msg: FromThread): void {
    this.queue.push(msg);
    this.wake?.();
  }

  /** The next message; a failure wins over anything else. */
  async next(): Promise<FromThread> {
    for (;;) {
      const failed = this.queue.find((m) => m.type === 'failed');
      if (failed) return failed;
      const msg = this.queue.shift();
      if (msg) return msg;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  go(): void {
    this.worker.postMessage({ type: 'go' });
  }

  stop(): void {
    this.worker.postMessage({ type: 'stop' });
  }
}

export async function measureVariantThreaded(
  scenario: Scenario,
  session: OpenedScenario,
  label: Omit<RunLabel, 'phase'>,
  settings: MeasureSettings & { threads: number; options: OptionBag },
  signal: AbortSignal,
  observer: DriverObserver = {},
): Promise<RunResult[]> {
  const phases = session.phases;
  const windowLabels = phases ? phases.map((p) => ({ ...label, phase: p.name })) : [label];
  const remote = session.remoteOptions?.();
  const source = scenario.source;
  if (!remote || !source) {
    const reason = !remote
      ? `${scenario.id} cannot be split over worker threads (its session has no remoteOptions)`
      : `${scenario.id} cannot be split over worker threads: it was not loaded from a module a thread can import`;
    return windowLabels.map((l) => erroredRun(l, reason));
  }
  const n = Math.min(settings.threads, label.concurrency);
  const jobs: ThreadJob[] = Array.from({ length: n }, (_, i) => {
    const windows: ThreadWindow[] = phases
      ? phases.map((p) => ({
          phase: p.name,
          ops: shareOf(p.ops, n, i),
          iterationOffset: offsetOf(p.ops, n, i),
        }))
      : [
          {
            ...(settings.durationMs !== undefined ? { durationMs: settings.durationMs } : {}),
            ...(settings.ops !== undefined ? { ops: shareOf(settings.ops, n, i) } : {}),
            iterationOffset: settings.ops !== undefined ? offsetOf(settings.ops, n, i) : i * 1e12,
          },
        ];
    return {
      source,
      // the user's options, with what reaches the same target (an in-process server's address) laid over them
      options: { ...settings.options, ...remote },
      variant: label.variant,
      concurrency: shareOf(label.concurrency, n, i),
      workerOffset: offsetOf(label.concurrency, n, i),
      warmupMs: settings.warmupMs,
      windows,
      load:
        settings.load.model === 'rate'
          ? { ...settings.load, rate: rateShare(settings.load.rate, n) }
          : settings.load,
    };
  });
  const threads = jobs.map((job) => new ThreadHandle(job));
  const onAbort = () => {
    for (const t of threads) t.stop();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const results: RunResult[] = [];
  try {
    const ready = await Promise.all(threads.map((t) => t.next()));
    const failure = ready.find((m) => m.type === 'failed');
    if (failure?.type === 'failed')
      return windowLabels.map((l) => erroredRun(l, `setup failed: ${failure.error}`));

    const total = new Recorder();
    for (const windowLabel of windowLabels) {
      if (signal.aborted) break;
      const startNs = process.hrtime.bigint();
      observer.runStarted?.(
        windowLabel,
        { concurrency: label.concurrency, durationMs: settings.durationMs },
        () => ({
          done: 0,
          elapsedMs: Number(process.hrtime.bigint() - startNs) / 1e6,
        }),
      );
      const health = watchGenerator();
      for (const t of threads) t.go();
      const messages = await Promise.all(threads.map((t) => t.next()));
      const generator = health.stop(
        messages.flatMap((m) => (m.type === 'window' ? [m.report.eventLoopUtilization] : [])),
      );
      const failed = messages.find((m) => m.type === 'failed');
      if (failed?.type === 'failed' || messages.some((m) => m.type !== 'window')) {
        const error = failed?.type === 'failed' ? failed.error : 'worker thread out of step';
        results.push(erroredRun(windowLabel, `worker thread failed: ${error}`));
        break;
      }
      const reports = messages.map((m) => (m as { report: WindowReport }).report);
      const merged = mergeSideBySide(
        reports.map((r) => ({
          ...r,
          throughput: r.durationS > 0 ? r.snapshot.ops / r.durationS : 0,
        })),
      );
      const result = buildRunResult(windowLabel, merged.recorder, mergeFacts(reports, merged, generator));
      results.push(result);
      total.add(merged.recorder);
      observer.runFinished?.(windowLabel, result);
    }
    if (phases && results.length === windowLabels.length) results.push(totalRun(label, results, total));
    const done = await Promise.all(threads.map((t) => t.next()));
    for (const m of done) if (m.type === 'done' && m.libraryWarnings) recordWarnings(m.libraryWarnings);
    const teardown = done.flatMap((m) => (m.type === 'done' && m.teardownError ? [m.teardownError] : []));
    if (teardown.length > 0)
      for (const r of results) r.warnings = [...(r.warnings ?? []), `teardown failed: ${teardown[0]}`];
    return results;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

function mergeFacts(reports: WindowReport[], merged: MergedParts, generator: GeneratorHealth): WindowFacts {
  const first = reports[0]!;
  const load = first.load.model === 'rate' ? mergeRateLoad(reports) : first.load;
  const sum = (key: 'total' | 'idle' | 'waiting') =>
    reports.every((r) => r.gauges?.[key] !== undefined)
      ? reports.reduce((s, r) => s + r.gauges![key]!, 0)
      : undefined;
  const gauges = Object.fromEntries(
    (['total', 'idle', 'waiting'] as const).flatMap((k) => (sum(k) === undefined ? [] : [[k, sum(k)]])),
  );
  const midpointError = reports.find((r) => r.midpointError)?.midpointError;
  return {
    durationS: merged.durationS,
    load,
    generator,
    ...(midpointError ? { midpointError } : {}),
    ...(merged.opened !== undefined ? { opened: merged.opened, gauges } : {}),
    ...(first.details ? { details: first.details } : {}),
    ...(first.unit ? { unit: first.unit } : {}),
    warnings: merged.warnings,
    perThread: merged.perThread,
  };
}

function mergeRateLoad(reports: WindowReport[]): LoadInfo {
  const loads = reports.flatMap((r) => (r.load.model === 'rate' ? [r.load] : []));
  const first = loads[0]!;
  return {
    ...first,
    targetRate: loads.reduce((s, l) => s + l.targetRate, 0),
    started: loads.reduce((s, l) => s + l.started, 0),
    achievedRate: loads.reduce((s, l) => s + l.achievedRate, 0),
    dropped: loads.reduce((s, l) => s + l.dropped, 0),
    late: loads.reduce((s, l) => s + l.late, 0),
    maxInFlight: loads.reduce((s, l) => s + l.maxInFlight, 0),
  };
}
