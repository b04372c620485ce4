// A worker thread's side of a split run: import the scenario from the module the driver names, open it
// against the shared target, and let the window runner measure the variant, each window when the driver
// says go; report plain data back.

import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import { importScenario } from '../../scenario/index.js';
import { captureWarnings } from '../../util/library-warnings.js';
import { redactText } from '../../util/redact.js';
import { runWindows } from '../measure/window-runner.js';
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
  let teardownError: string | undefined;
  try {
    session = await openScenario(scenario, job.options, controller.signal, [job.variant]);
    let first = true;
    const outcome = await runWindows(
      session,
      job,
      {
        // the first wait is the driver's ready/go handshake: the warm-up is over
        async beforeWindow() {
          if (first) send({ type: 'ready' });
          first = false;
          await nextGo();
        },
        windowFinished(_index, { recorder, facts }) {
          const { generator, ...rest } = facts;
          send({
            type: 'window',
            report: {
              ...rest,
              snapshot: recorder.snapshot(),
              eventLoopUtilization: generator?.eventLoopUtilization ?? 0,
            },
          });
        },
      },
      controller.signal,
    );
    if (outcome.setupError !== undefined) throw new Error(outcome.setupError);
    teardownError = outcome.teardownError;
  } finally {
    try {
      await session?.close();
    } catch (err) {
      teardownError ??= redactText(errorMessage(err));
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
