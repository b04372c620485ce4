// The Kubernetes run, played from the README's own commands without a cluster (test/helpers/kube-play.ts):
// the manifests as `kubectl apply` reads them, checked against the Kubernetes API schemas; each shard pod's
// command run as the kubelet would, all shards at once against one Redis; then the merge Job's command.
// Two deliberate differences from a real cluster, both named here: the ConfigMap is edited for short
// windows (as a user would with `kubectl edit`), and the target comes from the README's Secret command with
// this machine's Redis as its URL (a target outside the cluster). A second pass of the same commands
// proves that a re-run needs nothing beyond them.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { parseAllDocuments } from 'yaml';
import type { BenchmarkResult, RunResult } from '../../src/model/result.js';
import { projectRoot } from '../helpers/cli.js';
import { PlayedCluster } from '../helpers/kube-play.js';
import { validateManifest } from '../helpers/kube-schemas.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const manifests = join(projectRoot, 'deploy/kubernetes');
const work = mkdtempSync(join(tmpdir(), 'poolbench-k8s-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The first ```sh block after the README's "### Kubernetes" heading: the commands a user pastes. */
function readmeCommands(): string[] {
  const section = readme.slice(readme.indexOf('\n### Kubernetes\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a Kubernetes command block');
  return block[1]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
}

const SECRET_COMMAND = 'kubectl create secret generic poolbench-target --from-literal=REDIS_URL=';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SHORT = {
  CONCURRENCY: '6',
  DURATION: '300ms',
  WARMUP: '0',
  TRIALS: '1',
  START_DELAY_SECONDS: '12', // long enough for three CLI start-ups on a busy 2-core machine
  ARGS: '--variants unpooled,shared --micro-time 0 --no-experiments',
};

function allManifests(dir: string): { file: string; obj: { kind: string; [k: string]: unknown } }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => ({
        file: f,
        obj: d.toJS() as { kind: string },
      })),
    );
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BenchmarkResult;
const key = (r: RunResult) => `${r.variant} ${r.trial}`;

function mergedP99(runs: RunResult[]): number {
  const merged = hdr.build({
    bitBucketSize: 32,
    highestTrackableValue: 3_600_000_000_000,
    useWebAssembly: false,
  });
  for (const r of runs) merged.add(hdr.decodeFromCompressedBase64(r.histogram!, 32, false));
  return merged.getValueAtPercentile(99);
}

describe('deploy/kubernetes', () => {
  it('matches the Kubernetes API schemas, file by file (and the check can fail)', () => {
    const all = allManifests(manifests);
    assert.ok(all.length >= 6, `${all.length} manifests`);
    for (const { file, obj } of all) validateManifest(obj, file);
    const job = all.find((m) => m.obj.kind === 'Job')!.obj as { kind: string; spec: Record<string, unknown> };
    assert.throws(
      () => validateManifest({ ...job, spec: { ...job.spec, completions: '3' } }, 'broken'),
      /spec\/completions must be integer/,
    );
    assert.throws(
      () => validateManifest({ ...job, spec: { ...job.spec, completionMode: 'indexed' } }, 'broken'),
      /completionMode must be equal to one of the allowed values/,
    );
  });

  it('has one shard count: the Job runs SHARDS pods at once; no URL with a password in the ConfigMap', () => {
    const all = allManifests(manifests).map((m) => m.obj) as unknown as {
      kind: string;
      metadata: { name: string };
      spec: { completions?: number; parallelism?: number };
      data?: Record<string, string>;
    }[];
    const options = all.find((o) => o.kind === 'ConfigMap')!;
    const shards = all.find((o) => o.metadata.name === 'poolbench-shards')!;
    assert.equal(shards.spec.completions, Number(options.data!.SHARDS));
    assert.equal(shards.spec.parallelism, Number(options.data!.SHARDS));
    for (const value of Object.values(options.data!)) assert.doesNotMatch(value, /:\/\/[^/@\s]*:[^/@\s]*@/);
  });

  it("runs the README's commands: shards together against one Redis, merged from their histograms", async () => {
    const commands = readmeCommands();
    assert.ok(!commands.some((c) => c.includes('envsubst')), 'nothing to substitute');
    assert.ok(readme.includes(SECRET_COMMAND), 'the README shows how to put a target URL in the Secret');
    const cluster = new PlayedCluster(work, { edits: { 'poolbench-options': SHORT } });
    await cluster.run(`${SECRET_COMMAND}${redisUrl}`);
    const startedAt: string[] = [];
    for (const pass of [1, 2]) {
      for (const line of commands) await cluster.run(line);
      const results = cluster.claimDir('poolbench-results');
      const shards = [0, 1, 2].map((i) => read(join(results, `shard-${i}`, 'result.json')));
      const pods = await cluster.jobs.get('poolbench-shards')!.done;
      const argv0 = pods.find((p) => p.index === 0)!.argv;
      if (pass === 1) process.stdout.write(`# shard 0 ran: poolbench ${argv0.join(' ')}\n`);
      for (const [i, shard] of shards.entries()) {
        assert.deepEqual(shard.shard, { index: i, count: 3 });
        assert.equal(shard.startAt, shards[0]!.startAt, 'one start time for every shard');
        assert.match(shard.scenarios[0]!.target.url!, /^redis:\/\/127\.0\.0\.1:\d+/);
        assert.ok(
          shard.scenarios[0]!.startSkewMs! < 2000,
          `shard ${i} skew ${shard.scenarios[0]!.startSkewMs} ms`,
        );
      }
      const merged = read(join(results, 'merged', 'result.json'));
      const runs = merged.scenarios[0]!.runs;
      assert.deepEqual(runs.map(key).sort(), ['shared 1', 'unpooled 1']);
      for (const run of runs) {
        const parts = shards.map((s) => s.scenarios[0]!.runs.find((r) => key(r) === key(run))!);
        assert.equal(run.status, 'completed', run.error);
        assert.equal(run.concurrency, 6);
        assert.equal(
          run.ops,
          parts.reduce((sum, r) => sum + r.ops, 0),
          'ops summed over the shards',
        );
        assert.equal(run.latencyMs!.count, run.ops, 'percentiles from every op of every shard');
        const p99 = mergedP99(parts) / 1e6; // histograms hold nanoseconds
        assert.ok(
          Math.abs(run.latencyMs!.p99 - p99) <= p99 * 0.001,
          `p99 ${run.latencyMs!.p99} vs merged ${p99}`,
        );
      }
      const log = await cluster.run('kubectl logs job/poolbench-merge');
      assert.match(log, /merged from 3 shards/);
      startedAt.push(merged.startedAt);
    }
    assert.ok(startedAt[1]! > startedAt[0]!, 'the second pass measured anew');
  });
});
