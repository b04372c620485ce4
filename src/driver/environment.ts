// The environment fingerprint kept with every result: enough to judge whether two results are comparable,
// and nothing that identifies the host (no hostname, no user).

import os from 'node:os';
import type { Environment } from '../model/result.js';
import { packageVersion } from '../util/package-root.js';

export function environment(loadModel: string): Environment {
  const cpus = os.cpus();
  return {
    poolbenchVersion: packageVersion(),
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()}`,
    kernel: os.version(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    loadModel,
  };
}
