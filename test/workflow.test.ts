// The CI workflow cannot run here (no GitHub runner, no Docker): check that it parses, that its services
// have health checks, and that every command it runs exists in this project and writes what it reads.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { projectRoot } from './helpers/cli.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}
interface Workflow {
  jobs: Record<
    string,
    {
      services: Record<string, { image: string; options: string }>;
      steps: Step[];
      env: Record<string, string>;
    }
  >;
}

const workflow = parse(readFileSync(join(projectRoot, '.github/workflows/perf.yml'), 'utf8')) as Workflow;
const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const perfScript = readFileSync(join(projectRoot, 'scripts/perf.sh'), 'utf8');
const job = workflow.jobs.perf!;

describe('.github/workflows/perf.yml', () => {
  it('runs PostgreSQL and Redis as service containers with health checks, and points poolbench at them', () => {
    assert.match(job.services.postgres!.image, /^postgres:/);
    assert.match(job.services.redis!.image, /^redis:/);
    for (const s of Object.values(job.services)) assert.match(s.options, /--health-cmd/);
    assert.match(job.env.DATABASE_URL!, /^postgres:\/\/.*127\.0\.0\.1:5432/);
    assert.match(job.env.REDIS_URL!, /^redis:\/\/127\.0\.0\.1:6379/);
  });

  it('only runs npm scripts that exist, and the gate step is the one that can fail the job', () => {
    const runs = job.steps.flatMap((s) => (s.run ? [s.run] : []));
    const scripts = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    assert.ok(scripts.includes('perf:check'));
    for (const s of scripts) assert.ok(pkg.scripts[s], `npm script ${s} exists`);
    assert.ok(runs.includes('npm ci'));
    const gate = job.steps.find((s) => s.run === 'npm run perf:check')!;
    assert.equal(gate.if, undefined, 'the gate step fails the job on exit 3');
  });

  it('reads the verdict and the artifacts from where perf:check writes them', () => {
    assert.match(pkg.scripts['perf:check']!, /scripts\/perf\.sh check/);
    assert.match(perfScript, /out=reports\/perf-\$mode/);
    assert.match(perfScript, /--verdict-out "\$out\/verdict\.md"/);
    assert.match(perfScript, /--baseline benchmarks\/baseline\.json/);
    const summary = job.steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    assert.match(summary.run!, /reports\/perf-check\/verdict\.md/);
    assert.equal(summary.if, 'always()');
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))! as Step & {
      with: { path: string };
    };
    assert.match(upload.with.path, /reports\/perf-check/);
  });
});
