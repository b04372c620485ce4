// Spawns the CLI from source, as a user would run it, and collects its output and exit code.

import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, what `npx poolbench` runs: `npm run test:integration` builds it first. */
export const cliEntry = join(projectRoot, 'bin/poolbench.js');

/** The CLI as a child process, as a user starts it (tests that signal it mid-run use this). */
export function spawnPoolbench(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [cliEntry, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env, FORCE_COLOR: '0' },
  });
}

export function poolbench(
  args: string[],
  opts: {
    cwd: string;
    /** Ctrl-C after this many ms; a list sends one SIGINT at each. */
    interruptAfterMs?: number | number[];
    /** Ctrl-C as soon as the output matches (e.g. a finished trial): on a busy machine a fixed time is not. */
    interruptWhen?: RegExp;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
  },
): Promise<Outcome> {
  const child = spawnPoolbench(args, opts);
  for (const ms of [opts.interruptAfterMs ?? []].flat()) setTimeout(() => child.kill('SIGINT'), ms);
  const when = opts.interruptWhen;
  if (when) {
    let seen = '';
    const watch = (d: Buffer) => {
      seen += d;
      if (when.test(seen)) {
        child.kill('SIGINT');
        child.stdout.off('data', watch);
        child.stderr.off('data', watch);
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
  }
  return outcome(child, opts.timeoutMs ?? 120_000);
}

/** Collects a child's output until it closes; a child still running after `timeoutMs` is killed. */
export function outcome(child: ChildProcess, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}
