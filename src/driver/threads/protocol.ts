// Messages between the driver and its worker threads: plain data only (histograms travel encoded).

import type { LoadInfo } from '../../model/result.js';
import type { OptionBag, ScenarioSource } from '../../scenario/index.js';
import type { CapturedWarning } from '../../util/library-warnings.js';
import type { LoadSpec } from '../load/load-model.js';
import type { RecorderSnapshot } from '../measure/recorder.js';

export interface ThreadWindow {
  phase?: string;
  durationMs?: number;
  ops?: number;
  iterationOffset: number;
}

export interface ThreadJob {
  /** The thread imports the scenario from here: the driver hands it no code, only where the code is. */
  source: ScenarioSource;
  options: OptionBag;
  variant: string;
  /** This thread's share of the concurrency (and rate); setup() sizes its pools by it. */
  concurrency: number;
  workerOffset: number;
  rate?: number;
  warmupMs: number;
  windows: ThreadWindow[];
  load: LoadSpec;
}

export interface WindowReport {
  snapshot: RecorderSnapshot;
  durationS: number;
  load: LoadInfo;
  opened?: number;
  gauges?: { total?: number; idle?: number; waiting?: number };
  details?: Record<string, string | number | boolean>;
  unit?: { name: string; perOp: number };
  warnings?: string[];
  midpointError?: string;
  /** This thread's event-loop utilization during the window (0-1). */
  eventLoopUtilization: number;
}

export type FromThread =
  | { type: 'ready' }
  | { type: 'window'; report: WindowReport }
  | { type: 'done'; teardownError?: string; libraryWarnings?: CapturedWarning[] }
  | { type: 'failed'; error: string };

export type ToThread = { type: 'go' } | { type: 'stop' };
