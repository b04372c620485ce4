// Finds the interpreter and script for the chosen worker kind before anything is measured, so a missing
// python3 is one clear TargetError instead of a thousand failed ops. Python is asked for its real
// executable (sys.executable): version-manager shims (pyenv) add ~100 ms of bash to every spawn, which
// would be charged to the unpooled variant and to start-up times although no deployment pays it.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage, TargetError } from '../../src/errors.js';
import { packageRoot } from '../../src/util/package-root.js';
import type { WorkerKind } from './options.js';

const run = promisify(execFile);

export interface Interpreter {
  kind: WorkerKind;
  /** What the user asked for ('python3') and what is spawned (its real path). */
  requested: string;
  executable: string;
  version: string;
  /** Absolute path of worker.py / worker.mjs (dist/ holds no scripts, so found from the package root). */
  script: string;
}

export const SCRIPT_DIR = 'scenarios/worker-pool';

export async function resolveInterpreter(
  settings: { worker: WorkerKind; python: string },
  signal: AbortSignal,
): Promise<Interpreter> {
  const file = settings.worker === 'python' ? 'worker.py' : 'worker.mjs';
  const script = join(packageRoot(), SCRIPT_DIR, file);
  if (!existsSync(script)) {
    throw new TargetError(
      `worker script ${script} is missing: reinstall poolbench (its package must ship ${SCRIPT_DIR}/${file})`,
    );
  }
  if (settings.worker === 'node') {
    return {
      kind: 'node',
      requested: 'node',
      executable: process.execPath,
      version: process.versions.node,
      script,
    };
  }
  return {
    kind: 'python',
    requested: settings.python,
    ...(await askPython(settings.python, signal)),
    script,
  };
}

async function askPython(
  python: string,
  signal: AbortSignal,
): Promise<{ executable: string; version: string }> {
  const probe = 'import platform, sys; print(sys.executable); print(platform.python_version())';
  let stdout: string;
  try {
    ({ stdout } = await run(python, ['-c', probe], { timeout: 15_000, signal, encoding: 'utf8' }));
  } catch (err) {
    if (signal.aborted) throw err;
    const e = err as { code?: unknown; stderr?: unknown };
    if (e.code === 'ENOENT') {
      throw new TargetError(
        `Python interpreter '${python}' not found: install python3, point --python (or POOLBENCH_PYTHON) at one, or use --worker node`,
        { cause: err },
      );
    }
    const detail =
      typeof e.stderr === 'string' && e.stderr.trim()
        ? e.stderr.trim().split('\n').at(-1)
        : errorMessage(err);
    throw new TargetError(
      `Python interpreter '${python}' failed to run (${detail}): point --python (or POOLBENCH_PYTHON) at a working python3, or use --worker node`,
      { cause: err },
    );
  }
  const [executable, version] = stdout.trim().split('\n');
  if (!version || !/^3\./.test(version)) {
    throw new TargetError(
      `'${python}' is not Python 3 (reported '${version ?? stdout.trim()}'): point --python (or POOLBENCH_PYTHON) at python3`,
    );
  }
  return { executable: executable || python, version };
}
