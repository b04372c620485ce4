// Turns a load spec into the load model that runs it.

import { closedLoop } from './closed-loop.js';
import { fixedRate } from './fixed-rate.js';
import type { LoadModel, LoadSpec } from './load-model.js';

export function createLoadModel(spec: LoadSpec): LoadModel {
  return spec.model === 'closed' ? closedLoop : fixedRate(spec);
}
