// The GitHub workflow cannot run here (no runner): check it with GitHub's own workflow parser and schema
// (@actions/workflow-parser, as the Actions service and editor tooling read workflows), then check that it
// runs typecheck, lint and the tests, that its gate reads the baseline it commits and writes what the
// summary reads, and that the baselines committed here were measured the way their gates measure.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import type { BenchmarkResult } from '../../src/model/result.js';
import { projectRoot } from '../helpers/cli.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  'runs-on': string;
  permissions?: Record<string, string>;
  services?: Record<string, { image: string; options: string; env: Record<string, string> }>;
  steps: Step[];
}
interface Workflow {
  env: Record<string, string>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const file = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const text = file('.github/workflows/perf.yml');
const workflow = parse(text) as Workflow;
const pkg = JSON.parse(file('package.json')) as { scripts: Record<string, string> };
const perfScript = file('scripts/perf.sh');
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));

function schemaErrors(name: string, content: string): string[] {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((e) => e.message);
}

describe('.github/workflows/perf.yml', () => {
  it("is valid by GitHub's workflow schema (and the check can fail)", () => {
    assert.deepEqual(schemaErrors('perf.yml', text), []);
    const broken = text
      .replace('runs-on: ubuntu-24.04', 'run-on: ubuntu-24.04')
      .replace('timeout-minutes: 20', 'timeout-minutes: soon');
    const errors = schemaErrors('broken.yml', broken);
    assert.ok(
      errors.some((e) => /Unexpected value 'run-on'/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => /Unexpected value 'soon'/.test(e)),
      errors.join('\n'),
    );
  });

  it('runs typecheck, lint and the tests against PostgreSQL and Redis', () => {
    const checks = workflow.jobs.checks!;
    for (const step of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm test'])
      assert.ok(runs(checks).includes(step), `${step} runs`);
    const postgres = checks.services!.postgres!;
    assert.match(postgres.image, /^postgres:/);
    assert.equal(postgres.env.POSTGRES_DB, 'test', 'the database the tests use by default');
    assert.match(postgres.options, /--health-cmd/);
    assert.ok(runs(checks).some((r) => /apt-get install -y redis-server/.test(r)));
  });

  it('only runs npm scripts that exist; the gate step is the one that fails the job', () => {
    const all = Object.values(workflow.jobs).flatMap(runs);
    for (const m of all.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)]))
      assert.ok(pkg.scripts[m[1]!], `npm script ${m[1]} exists`);
    const gate = workflow.jobs.perf!.steps.find((s) => s.run === 'npm run perf:check')!;
    assert.equal(gate.if, undefined, 'the gate step fails the job on exit 3 or 2');
    assert.match(pkg.scripts['perf:check']!, /scripts\/perf\.sh check/);
    assert.match(pkg.scripts.baseline!, /scripts\/perf\.sh baseline/);
  });

  it('gates against the baseline its own runner class measures, and commits that one', () => {
    assert.ok(workflow.env.POOLBENCH_MACHINE_CLASS, 'every result records the runner class');
    assert.equal(workflow.env.PERF_DIR, 'benchmarks/github');
    assert.match(perfScript, /dir=\$\{PERF_DIR:-benchmarks\}/);
    const perf = workflow.jobs.perf!;
    const baseline = workflow.jobs['perf-baseline']!;
    assert.equal(perf['runs-on'], baseline['runs-on'], 'one runner class for the gate and its baseline');
    assert.equal(workflow.permissions.contents, 'read');
    assert.equal(baseline.permissions?.contents, 'write', 'only the baseline job may push');
    assert.match(baseline.if!, /inputs\.mode == 'baseline'/);
    assert.ok(runs(baseline).includes('npm run baseline'));
    assert.ok(runs(baseline).some((r) => /git add "\$PERF_DIR"/.test(r) && /git push/.test(r)));
    for (const job of [perf, baseline]) assert.ok(!job.services, 'throwaway targets, as in the baseline');
  });

  it('reads the verdict and the artifacts from where perf:check writes them', () => {
    assert.match(perfScript, /out=reports\/perf-\$mode/);
    assert.match(perfScript, /--verdict-out "\$out\/verdict\.md"/);
    const steps = workflow.jobs.perf!.steps;
    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    assert.match(summary.run!, /reports\/perf-check\/verdict\.md/);
    assert.equal(summary.if, 'always()');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    assert.match(upload.with!.path!, /reports\/perf-check/);
  });
});

describe('benchmarks/ (the baseline .ci/run gates against)', () => {
  const baseline = JSON.parse(file('benchmarks/baseline.json')) as BenchmarkResult;
  const gate = JSON.parse(file('benchmarks/gate.json')) as { threshold: number; measured: { runs: number } };
  const ciRun = file('.ci/run');

  it('holds every scenario .ci/run gates, measured against the throwaway targets .ci/run uses', () => {
    const gated = /PERF_SCENARIOS="([^"]+)"/.exec(ciRun)?.[1]?.split(' ') ?? [];
    assert.ok(gated.length > 0, '.ci/run names the scenarios it gates');
    assert.doesNotMatch(ciRun, /DATABASE_URL|REDIS_URL/, '.ci/run points no scenario at another target');
    for (const id of gated) {
      const s = baseline.scenarios.find((x) => x.id === id);
      assert.ok(s, `the baseline has ${id}`);
      assert.equal(s.target.embedded, true, `${id} ran against its throwaway target`);
    }
  });

  it('has a threshold measured from runs on its machine, which .ci/run uses', () => {
    assert.ok(gate.measured.runs >= 2);
    assert.ok(gate.threshold > 0 && gate.threshold <= 100);
    assert.match(file('benchmarks/noise.md'), new RegExp(`no false alarm: \\*\\*${gate.threshold} %\\*\\*`));
    assert.doesNotMatch(ciRun, /PERF_THRESHOLD/, 'no threshold guessed over the measured one');
  });
});
