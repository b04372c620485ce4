// A worker thread's side of a split run: import the scenario from the module the driver names, open it
// against the shared target, set the variant up, warm up, then run each measured window when the driver
// says go, and report plain data back.

import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import { importScenario, type VariantRun } from '../../scenario/index.js';
import { captureWarnings } from '../../util/library-warnings.js';
import { redactText } from '../../util/redact.js';
import type { LoadTarget } from '../load/load-model.js';
import { createLoadModel } from '../load/load-models.js';
import { definedGauges } from '../measure/measure-variant.js';
import { Recorder } from '../measure/recorder.js';
import { type OpenedScenario, openScenario } from '../open-scenario.js';
import type { FromThread, ThreadJob, ToThread } from './protocol.js';

const port = parentPort!;
const job = workerData as ThreadJob;
const controller = new AbortController();
const send = (msg: FromThread) => port.postMessage(msg);

let goes = 0;
let waiting: (() => void) | undefined;
port.on('message', (msg: ToThread) => {
  if (msg.type === 'stop') controller.abort();
  goes++;
  waiting?.();
});
const nextGo = async () => {
  while (goes === 0) await new Promise<void>((resolve) => (waiting = resolve));
  goes--;
};

// A thread has its own console: what a library prints here is counted here and sent back with 'done'.
const caught = captureWarnings();

async function main(): Promise<void> {
  const scenario = await importScenario(job.source);
  let session: OpenedScenario | undefined;
  let run: VariantRun | undefined;
  try {
    session = await openScenario(scenario, job.options, controller.signal, [job.variant]);
    run = await session.setup(job.variant, { concurrency: job.concurrency, signal: controller.signal });
    const loadModel = createLoadModel(job.load);
    const variant = run;
    const target: LoadTarget = {
      op: (info) => variant.op(info),
      ...(variant.midpoint ? { midpoint: () => variant.midpoint!() } : {}),
    };
    const base = { concurrency: job.concurrency, rate: job.rate, workerOffset: job.workerOffset };
    if (job.warmupMs > 0 && !job.windows.some((w) => w.phase)) {
      // warm-up without the midpoint hook: faults are injected into measured windows only
      await loadModel(
        { op: target.op },
        { ...base, durationMs: job.warmupMs },
        new Recorder(),
        controller.signal,
      );
    }
    send({ type: 'ready' });
    for (const window of job.windows) {
      await nextGo();
      if (controller.signal.aborted) break;
      const createdBefore = variant.gauges?.().created;
      const recorder = new Recorder();
      const elu0 = performance.eventLoopUtilization();
      const outcome = await loadModel(target, { ...base, ...window }, recorder, controller.signal);
      const gauges = variant.gauges?.();
      send({
        type: 'window',
        report: {
          snapshot: recorder.snapshot(),
          durationS: outcome.durationS,
          eventLoopUtilization: performance.eventLoopUtilization(elu0).utilization,
          load: outcome.load,
          ...(outcome.midpointError ? { midpointError: outcome.midpointError } : {}),
          ...(gauges && createdBefore !== undefined
            ? { opened: gauges.created - createdBefore, gauges: definedGauges(gauges) }
            : {}),
          ...(variant.details ? { details: variant.details() } : {}),
          ...(variant.unit ? { unit: variant.unit } : {}),
          ...(variant.warnings ? { warnings: variant.warnings() } : {}),
        },
      });
    }
  } finally {
    let teardownError: string | undefined;
    try {
      await run?.teardown?.();
      await session?.close();
    } catch (err) {
      teardownError = redactText(errorMessage(err));
    }
    const libraryWarnings = caught.stop();
    send({
      type: 'done',
      ...(teardownError ? { teardownError } : {}),
      ...(libraryWarnings.length > 0 ? { libraryWarnings } : {}),
    });
  }
}

main().catch((err: unknown) => send({ type: 'failed', error: redactText(errorMessage(err)) }));
