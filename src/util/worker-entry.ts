// Where to start a worker thread whose code is a sibling module: the .js file when running compiled (dist/),
// and under tsx (src/, tests) a tiny bootstrap that registers tsx's loader first, since a worker does not
// inherit the parent's loader hooks. Used by the driver's load threads and by scenarios that run servers on their own thread.

import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `callerUrl` = the caller's import.meta.url; `baseName` = the worker module's name without extension. */
export function workerEntry(callerUrl: string, baseName: string): URL {
  const ext = extname(fileURLToPath(callerUrl));
  const file = new URL(`./${baseName}${ext}`, callerUrl);
  if (ext !== '.ts') return file;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `const { register } = await import(${tsx}); register(); await import(${JSON.stringify(file.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
