// Every saved result in the project (test fixtures, the docs gallery's runs, the perf baseline), found afresh
// so a new one cannot slip by the golden and schema tests.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './cli.js';

/** A result file, told from other JSON beside it (benchmarks/gate.json is the gate's settings) by its content. */
function isResult(file: string): boolean {
  const data = JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as Record<string, unknown>;
  return 'schemaVersion' in data && Array.isArray(data.scenarios);
}

/** Their paths relative to the project folder, sorted. */
export function savedResults(): string[] {
  const inDir = (dir: string, pick: (name: string) => boolean) =>
    readdirSync(join(projectRoot, dir))
      .filter(pick)
      .map((name) => `${dir}/${name}`)
      .filter(isResult);
  const docs = readdirSync(join(projectRoot, 'docs'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(projectRoot, 'docs', d.name, 'result.json')))
    .map((d) => `docs/${d.name}/result.json`);
  return [
    ...inDir('test/fixtures', (n) => n.endsWith('.json')),
    ...docs,
    ...inDir('benchmarks', (n) => n.endsWith('.json')),
  ].sort();
}
