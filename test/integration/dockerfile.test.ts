// deploy/Dockerfile cannot be built here (no Docker engine). What can be checked is checked: every file it
// copies from the build context exists and is not excluded by .dockerignore; what the runtime stage copies
// from the build stage is made there; the Debian packages it installs exist in its base image's release
// (when this host runs that release and has its package lists); and the runtime stage's file layout,
// assembled in a temporary folder from the same paths, runs poolbench's worker-pool scenario under python3.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { outcome, projectRoot } from '../helpers/cli.js';

interface Instruction {
  op: string;
  args: string;
}

function stages(dockerfile: string): { from: string; steps: Instruction[] }[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out: { from: string; steps: Instruction[] }[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (op === 'FROM') out.push({ from: args!, steps: [] });
    else out.at(-1)!.steps.push({ op: op!, args: args! });
  }
  return out;
}

const dockerfile = readFileSync(join(projectRoot, 'deploy/Dockerfile'), 'utf8');
const [build, runtime] = stages(dockerfile);
const copies = (steps: Instruction[], from?: string) =>
  steps
    .filter((s) => s.op === 'COPY' && s.args.startsWith('--from=') === Boolean(from))
    .map((s) => {
      const words = s.args.replace(/^--from=\S+\s+/, '').split(/\s+/);
      return { sources: words.slice(0, -1), dest: words.at(-1)! };
    });
const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const isIgnored = (path: string) =>
  ignored.some((p) =>
    p.startsWith('*.') ? path.endsWith(p.slice(1)) : path === p || path.startsWith(`${p}/`),
  );

const work = mkdtempSync(join(tmpdir(), 'poolbench-image-'));
const QUIET = ['--micro-time', '0', '--no-experiments', '--format', 'json'];
after(() => rmSync(work, { recursive: true, force: true }));

describe('deploy/Dockerfile', () => {
  it('builds on Node 20 (the engines field) in two stages of one Debian base', () => {
    assert.ok(build && runtime, 'a build stage and a runtime stage');
    assert.equal(build.from, 'node:20-bookworm-slim AS build');
    assert.equal(runtime.from, 'node:20-bookworm-slim');
    assert.ok(
      runtime.steps.some((s) => s.op === 'USER' && s.args === 'node'),
      'runs unprivileged',
    );
  });

  it('copies only files that exist in the build context', () => {
    const sources = copies(build!.steps).flatMap((c) => c.sources);
    assert.ok(sources.length > 0);
    for (const s of sources) {
      assert.ok(existsSync(join(projectRoot, s)), `${s} exists`);
      assert.ok(!isIgnored(s), `${s} is not excluded by .dockerignore`);
    }
    assert.ok(isIgnored('.env') && isIgnored('node_modules'), 'no .env or host node_modules in the context');
  });

  it('copies into the runtime only what the build stage made', () => {
    const made = new Set(copies(build!.steps).flatMap((c) => c.sources));
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const outDir = (
      JSON.parse(readFileSync(join(projectRoot, 'tsconfig.json'), 'utf8')) as {
        compilerOptions: { outDir: string };
      }
    ).compilerOptions.outDir;
    assert.ok(
      build!.steps.some((s) => s.op === 'RUN' && /npm ci\b/.test(s.args) && /--omit=dev/.test(s.args)),
    );
    assert.match(pkg.scripts.prepare!, /tsc -p tsconfig\.build\.json/, 'npm ci builds dist/');
    made.add('node_modules').add(outDir);
    for (const c of copies(runtime!.steps, 'build'))
      for (const s of c.sources)
        assert.ok(made.has(s.replace(/^\/app\//, '')), `${s} is made in the build stage`);
  });

  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const sameRelease = /VERSION_CODENAME=bookworm/.test(osRelease);
  const hasLists =
    sameRelease &&
    execFileSync('apt-cache', ['policy', 'coreutils'], { encoding: 'utf8' }).includes('Candidate: ');
  it("installs Debian packages that bookworm's package lists hold", {
    skip: !hasLists && 'this host is not Debian bookworm with package lists (apt-get update)',
  }, () => {
    const install = runtime!.steps.find((s) => s.op === 'RUN' && s.args.includes('apt-get install'))!;
    const packages = install.args
      .split('apt-get install')[1]!
      .split('&&')[0]!
      .split(/\s+/)
      .filter((w) => w && !w.startsWith('-'));
    assert.deepEqual(packages, ['python3', 'redis-server']);
    for (const p of packages) {
      const show = execFileSync('apt-cache', ['show', '--no-all-versions', p], { encoding: 'utf8' });
      assert.match(show, new RegExp(`^Package: ${p}$`, 'm'));
    }
  });

  it("runs worker-pool under python3 from the runtime stage's layout", async () => {
    const app = join(work, 'app');
    mkdirSync(app);
    assert.ok(
      existsSync(join(projectRoot, 'dist/src/cli/main.js')),
      'dist/ is built (npm ci, npm run build)',
    );
    for (const c of copies(runtime!.steps, 'build')) {
      for (const s of c.sources) {
        const name = s.replace(/^\/app\//, '');
        // node_modules is linked, not copied: packages resolve by their real path either way
        if (name === 'node_modules') symlinkSync(join(projectRoot, name), join(app, name));
        else cpSync(join(projectRoot, name), join(app, name), { recursive: true });
      }
    }
    const bin = join(work, 'bin');
    mkdirSync(bin);
    symlinkSync(join(app, 'bin/poolbench.js'), join(bin, 'poolbench')); // the image's `ln -s`
    const out = join(work, 'out');
    const child = spawn(
      'poolbench',
      [
        ...'run worker-pool --worker python -c 2 -d 300ms --warmup 0 --trials 1'.split(' '),
        ...QUIET,
        '--out',
        out,
      ],
      { cwd: app, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
    );
    const { code, stderr } = await outcome(child, 60_000);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {
      scenarios: { target: { description: string }; runs: { status: string; ops: number }[] }[];
    };
    const [scenario] = result.scenarios;
    assert.match(scenario!.target.description, /python worker processes/);
    assert.ok(scenario!.runs.every((r) => r.status === 'completed' && r.ops > 0));
  });
});
