// The scenarios that `poolbench calibrate` knows how to check against a bare loop and a native tool:
// one line each, beside the scenario registry.

import type { ScenarioCalibration } from '../src/calibrate/spec.js';
import { http1Calibration } from './http/calibration.js';
import { postgresCalibration } from './postgres-crud/calibration.js';
import { redisCalibration } from './redis/calibration.js';

export const calibrations: readonly ScenarioCalibration[] = [
  http1Calibration,
  redisCalibration,
  postgresCalibration,
];
