// Calibrates one scenario: opens it once (its in-process server, its database), then for each workload and
// round, back to back against that same target: poolbench's variant through the driver, the bare hand loop,
// and the native tool. Rounds interleave the three so a drift of the machine touches each alike.

import { measureVariant } from '../driver/measure/measure-variant.js';
import { openScenario } from '../driver/open-scenario.js';
import { errorMessage } from '../errors.js';
import type { CalibrationMeasure, CalibrationRow } from '../model/result.js';
import { type OptionBag, optionValues, type Scenario } from '../scenario/index.js';
import { redactText } from '../util/redact.js';
import { runHandLoop } from './hand-loop.js';
import { findOnPath, missingToolReason, runNative } from './native-tool.js';
import { calibrationRatios } from './ratios.js';
import type { CalibrationWorkload, ScenarioCalibration } from './spec.js';

export interface CalibrationSettings {
  durationMs: number;
  warmupMs: number;
  rounds: number;
  /** Overrides every workload's own concurrency. */
  concurrency?: number;
}

export interface CalibrationObserver {
  /** One line per measurement, as it finishes. */
  log?(line: string): void;
}

type Side = 'poolbench' | 'handLoop' | 'native';

class RowTally {
  readonly perSecond: Record<Side, number[]> = { poolbench: [], handLoop: [], native: [] };
  readonly failed: Partial<Record<Side, CalibrationMeasure>> = {};

  record(side: Side, outcome: number | CalibrationMeasure): void {
    if (typeof outcome === 'number') this.perSecond[side].push(outcome);
    else this.failed[side] ??= outcome;
  }

  measure(side: Side): CalibrationMeasure {
    const failed = this.failed[side];
    if (failed) return failed;
    return { status: 'measured', perSecond: this.perSecond[side] };
  }
}

export async function calibrateScenario(
  scenario: Scenario,
  calibration: ScenarioCalibration,
  given: OptionBag,
  settings: CalibrationSettings,
  signal: AbortSignal,
  observer: CalibrationObserver = {},
): Promise<CalibrationRow[]> {
  const bag: OptionBag = { ...calibration.options, ...given };
  const session = await openScenario(scenario, bag, signal);
  try {
    const target: OptionBag = { ...optionValues(scenario, bag), ...session.remoteOptions?.() };
    const opened = await calibration.open(target, signal);
    try {
      const tallies = opened.workloads.map(() => new RowTally());
      for (let round = 0; round < settings.rounds && !signal.aborted; round++) {
        for (const [i, workload] of opened.workloads.entries()) {
          if (signal.aborted) break;
          const c = settings.concurrency ?? workload.concurrency;
          const tally = tallies[i]!;
          const say = (side: string, outcome: number | CalibrationMeasure) =>
            observer.log?.(
              `${scenario.id} ${workload.work} c=${c} round ${round + 1}/${settings.rounds}: ${side} ${describe(outcome, workload.unit)}`,
            );
          const pool = await poolbenchRate(session, scenario.id, workload, c, round, settings, signal);
          tally.record('poolbench', pool);
          say(`poolbench ${workload.variant}`, pool);
          const hand = await handRate(workload, c, settings, signal);
          tally.record('handLoop', hand);
          say(workload.hand.library, hand);
          if (workload.native) {
            const expected = typeof hand === 'number' ? hand : typeof pool === 'number' ? pool : 1000;
            const native = await nativeRate(workload, c, expected, settings, signal);
            tally.record('native', native);
            say(workload.native.tool, native);
          }
        }
      }
      return opened.workloads.map((w, i) => rowOf(scenario.id, w, settings, tallies[i]!));
    } finally {
      await opened.close();
    }
  } finally {
    await session.close();
  }
}

function rowOf(
  scenario: string,
  w: CalibrationWorkload,
  settings: CalibrationSettings,
  tally: RowTally,
): CalibrationRow {
  const row: CalibrationRow = {
    scenario,
    work: w.work,
    concurrency: settings.concurrency ?? w.concurrency,
    unit: w.unit,
    poolbench: { ...tally.measure('poolbench'), variant: w.variant, ...(w.phase ? { phase: w.phase } : {}) },
    handLoop: { ...tally.measure('handLoop'), library: w.hand.library },
    ...(w.native ? { native: { ...tally.measure('native'), tool: w.native.tool } } : {}),
  };
  return { ...row, ...calibrationRatios(row) };
}

function describe(outcome: number | CalibrationMeasure, unit: string): string {
  if (typeof outcome === 'number') return `${Math.round(outcome).toLocaleString('en-US')} ${unit}/s`;
  if (outcome.status === 'skipped') return `skipped: ${outcome.reason}`;
  if (outcome.status === 'errored') return `errored: ${outcome.error}`;
  return 'measured';
}

const errored = (err: unknown): CalibrationMeasure => ({
  status: 'errored',
  error: redactText(errorMessage(err)),
});

async function poolbenchRate(
  session: Awaited<ReturnType<typeof openScenario>>,
  scenario: string,
  w: CalibrationWorkload,
  concurrency: number,
  round: number,
  settings: CalibrationSettings,
  signal: AbortSignal,
): Promise<number | CalibrationMeasure> {
  try {
    const runs = await measureVariant(
      session,
      { scenario, variant: w.variant, concurrency, trial: round + 1 },
      { durationMs: settings.durationMs, warmupMs: settings.warmupMs, load: { model: 'closed' } },
      signal,
    );
    const run = runs.find((r) => (w.phase ? r.phase === w.phase : true));
    if (!run) return { status: 'errored', error: `no ${w.phase ?? ''} window was measured` };
    if (run.status !== 'completed') return { status: 'errored', error: run.error ?? 'errored' };
    if (run.errors > 0) return { status: 'errored', error: `${run.errors} ops failed` };
    return run.unit ? run.unit.throughput : run.throughput;
  } catch (err) {
    return errored(err);
  }
}

async function handRate(
  w: CalibrationWorkload,
  concurrency: number,
  settings: CalibrationSettings,
  signal: AbortSignal,
): Promise<number | CalibrationMeasure> {
  try {
    const client = await w.hand.open(concurrency);
    try {
      const opsPerSecond = await runHandLoop(client, {
        concurrency,
        warmupMs: settings.warmupMs,
        durationMs: settings.durationMs,
        signal,
      });
      return opsPerSecond * (w.hand.perOp ?? 1);
    } finally {
      await client.close();
    }
  } catch (err) {
    return errored(err);
  }
}

async function nativeRate(
  w: CalibrationWorkload,
  concurrency: number,
  expectedPerSecond: number,
  settings: CalibrationSettings,
  signal: AbortSignal,
): Promise<number | CalibrationMeasure> {
  const tool = w.native!;
  const executable = findOnPath(tool.tool);
  if (!executable) return { status: 'skipped', reason: missingToolReason(tool) };
  try {
    const durationS = Math.max(1, Math.round(settings.durationMs / 1000));
    const command = tool.command({ concurrency, durationS, expectedPerSecond });
    return await runNative(executable, command, durationS * 1000, signal);
  } catch (err) {
    return errored(err);
  }
}
