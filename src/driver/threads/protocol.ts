// Messages between the driver and its worker threads: plain data only (histograms travel encoded).

import type { OptionBag, ScenarioSource } from '../../scenario/index.js';
import type { CapturedWarning } from '../../util/library-warnings.js';
import type { RecorderSnapshot } from '../measure/recorder.js';
import type { MeasuredWindow, VariantSchedule, WindowPlan } from '../measure/window-runner.js';

export type ThreadWindow = WindowPlan & { iterationOffset: number };

/** The variant's schedule (this thread's share of the concurrency and rate: setup() sizes its pools by it). */
export interface ThreadJob extends VariantSchedule {
  /** The thread imports the scenario from here: the driver hands it no code, only where the code is. */
  source: ScenarioSource;
  options: OptionBag;
  workerOffset: number;
  windows: ThreadWindow[];
}

/** A window's facts as the thread measured them, the recorder as a snapshot. */
export type WindowReport = Omit<MeasuredWindow['facts'], 'generator'> & {
  snapshot: RecorderSnapshot;
  /** This thread's event-loop utilization during the window (0-1). */
  eventLoopUtilization: number;
};

export type FromThread =
  | { type: 'ready' }
  | { type: 'window'; report: WindowReport }
  | { type: 'done'; teardownError?: string; libraryWarnings?: CapturedWarning[] }
  | { type: 'failed'; error: string };

export type ToThread = { type: 'go' } | { type: 'stop' };
