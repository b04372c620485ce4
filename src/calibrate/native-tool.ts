// Runs a protocol's native benchmark tool (wrk, h2load, redis-benchmark, pgbench) when it is on PATH, and
// reads its rate from what it prints. A missing tool is a skip naming its Debian package, not a failure.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { NativeCommand, NativeTool } from './spec.js';

/** The tool's path on PATH, or undefined. */
export function findOnPath(tool: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function missingToolReason(tool: NativeTool): string {
  return `${tool.tool} is not on PATH (Debian/Ubuntu: apt-get install ${tool.debianPackage})`;
}

/** Beyond its own duration, how long a tool may take to start and report before it is killed. */
const GRACE_MS = 30_000;

/** Runs the command; resolves with units per second, rejects with the tool's own first error line. */
export function runNative(
  executable: string,
  command: NativeCommand,
  durationMs: number,
  signal: AbortSignal,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, command.args, {
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), durationMs + GRACE_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const rate = command.parse(stdout);
      if (code === 0 && rate !== undefined && Number.isFinite(rate) && rate > 0) return resolve(rate);
      const said = (stderr.trim() || stdout.trim()).split('\n').find((l) => l.trim()) ?? 'no output';
      reject(new Error(`exit ${code ?? 'killed'}: ${said.trim().slice(0, 200)}`));
    });
  });
}
