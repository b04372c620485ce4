// The two ratios of a calibration row, from the medians over its rounds: harness overhead (poolbench /
// hand loop) and library vs native (hand loop / native tool). Pure; absent when a side has no figure.

import { median } from '../analysis/stats.js';
import type { CalibrationMeasure, CalibrationRow } from '../model/result.js';

export function medianRate(m: CalibrationMeasure | undefined): number | undefined {
  if (m?.status !== 'measured' || m.perSecond.length === 0) return undefined;
  const value = median(m.perSecond);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export function calibrationRatios(
  row: Pick<CalibrationRow, 'poolbench' | 'handLoop' | 'native'>,
): Pick<CalibrationRow, 'harnessRatio' | 'libraryRatio'> {
  const pool = medianRate(row.poolbench);
  const hand = medianRate(row.handLoop);
  const native = medianRate(row.native);
  return {
    ...(pool !== undefined && hand !== undefined ? { harnessRatio: pool / hand } : {}),
    ...(hand !== undefined && native !== undefined ? { libraryRatio: hand / native } : {}),
  };
}
