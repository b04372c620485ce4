// `run --calibrate`: the hand-loop check added to a normal run. For every variant a calibration knows
// that the run measured, at each concurrency it ran, a bare loop with the same library against the same
// kind of target (the scenario opened again with the run's options), so the report carries its own proof.

import { openScenario } from '../driver/open-scenario.js';
import { errorMessage } from '../errors.js';
import type { CalibrationRow, ScenarioResult } from '../model/result.js';
import { type OptionBag, optionValues, type Scenario } from '../scenario/index.js';
import { redactText } from '../util/redact.js';
import { runHandLoop } from './hand-loop.js';
import { calibrationRatios } from './ratios.js';
import type { ScenarioCalibration } from './spec.js';

export interface HandCheckSettings {
  durationMs: number;
  warmupMs: number;
}

/** The run's own throughputs of one variant (and phase) at one concurrency, trial by trial. */
function runRates(result: ScenarioResult, variant: string, phase: string | undefined, c: number): number[] {
  return result.runs
    .filter((r) => r.variant === variant && r.phase === phase && r.concurrency === c && r.rate === undefined)
    .filter((r) => r.status === 'completed' && r.errors === 0)
    .map((r) => r.unit?.throughput ?? r.throughput);
}

export async function handCheck(
  scenario: Scenario,
  calibration: ScenarioCalibration,
  options: OptionBag,
  result: ScenarioResult,
  settings: HandCheckSettings,
  signal: AbortSignal,
): Promise<CalibrationRow[]> {
  const session = await openScenario(scenario, options, signal);
  try {
    const target: OptionBag = { ...optionValues(scenario, options), ...session.remoteOptions?.() };
    const opened = await calibration.open(target, signal);
    const rows: CalibrationRow[] = [];
    try {
      for (const w of opened.workloads) {
        const levels = [
          ...new Set(result.runs.filter((r) => r.variant === w.variant).map((r) => r.concurrency)),
        ];
        for (const c of levels.sort((a, b) => a - b)) {
          const perSecond = runRates(result, w.variant, w.phase, c);
          if (perSecond.length === 0 || signal.aborted) continue;
          let hand: CalibrationRow['handLoop'];
          try {
            const client = await w.hand.open(c);
            try {
              const rate = await runHandLoop(client, { concurrency: c, ...settings, signal });
              hand = { status: 'measured', perSecond: [rate * (w.hand.perOp ?? 1)], library: w.hand.library };
            } finally {
              await client.close();
            }
          } catch (err) {
            hand = { status: 'errored', error: redactText(errorMessage(err)), library: w.hand.library };
          }
          const row: CalibrationRow = {
            scenario: scenario.id,
            work: w.work,
            concurrency: c,
            unit: w.unit,
            poolbench: {
              status: 'measured',
              perSecond,
              variant: w.variant,
              ...(w.phase ? { phase: w.phase } : {}),
            },
            handLoop: hand,
          };
          rows.push({ ...row, ...calibrationRatios(row) });
        }
      }
    } finally {
      await opened.close();
    }
    return rows;
  } finally {
    await session.close();
  }
}
