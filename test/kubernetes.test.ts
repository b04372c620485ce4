// The Kubernetes manifests cannot run here (no cluster): check that they parse, that they wire the Indexed
// Job's index into --shard, and that the command lines they contain are accepted by poolbench's own parser.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { poolbench, projectRoot } from './helpers/cli.js';
import { shellWords } from './helpers/shell.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is checked field by field below
type Doc = any;
const dir = join(projectRoot, 'deploy/kubernetes');

const load = (file: string) => {
  const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
  for (const d of docs) assert.deepEqual(d.errors, [], `${file} parses`);
  return docs.map((d) => d.toJS() as Doc);
};
const work = mkdtempSync(join(tmpdir(), 'poolbench-k8s-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The container's `sh -c` script with the ConfigMap's and the Job's variables filled in. */
function commandLine(job: Doc, vars: Record<string, string>): string[] {
  const container = job.spec.template.spec.containers[0];
  assert.deepEqual(container.command, ['sh', '-c']);
  const script = String(container.args[0]).replace(/\$\{?(\w+)\}?/g, (_m, name: string) => {
    assert.ok(name in vars, `variable ${name} is defined`);
    return vars[name]!;
  });
  const words = shellWords(script);
  assert.deepEqual(words.slice(0, 2), ['exec', 'poolbench']);
  return words.slice(2);
}

describe('deploy/kubernetes', () => {
  const [configMap] = load('configmap.yaml');
  const [job] = load('shards-job.yaml');
  const [merge] = load('merge-job.yaml');
  const [pvc] = load('results-pvc.yaml');

  it('is an Indexed Job whose completions match the shard count, sharing one results volume', () => {
    assert.equal(configMap!.kind, 'ConfigMap');
    assert.equal(job!.kind, 'Job');
    assert.equal(job!.spec.completionMode, 'Indexed');
    assert.equal(String(job!.spec.completions), configMap!.data.SHARDS);
    assert.equal(pvc!.kind, 'PersistentVolumeClaim');
    for (const j of [job!, merge!]) {
      assert.equal(j.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, pvc!.metadata.name);
    }
  });

  it("has shard command lines that poolbench's own parser accepts, for every index", async () => {
    for (let index = 0; index < Number(configMap!.data.SHARDS); index++) {
      const args = commandLine(job!, {
        ...configMap!.data,
        JOB_COMPLETION_INDEX: String(index),
        START_AT: '2030-01-01T00:00:00Z',
      });
      assert.ok(args.includes('--shard') && args[args.indexOf('--shard') + 1] === `${index}/3`);
      const { code, stdout, stderr } = await poolbench([...args, '--dry-run'], { cwd: work });
      assert.equal(code, 0, stderr);
      assert.match(stdout, new RegExp(`shard ${index}/3`));
      assert.match(stdout, /start at 2030-01-01T00:00:00\.000Z/);
    }
  });

  it('has a merge command line that the CLI accepts', async () => {
    // the shell expands the glob over the shards' folders: do the same for three shards
    const args = commandLine(merge!, {}).flatMap((a) =>
      a.includes('*') ? [0, 1, 2].map((i) => a.replace('*', String(i))) : [a],
    );
    assert.equal(args[0], 'merge');
    assert.ok(args.includes('--out'));
    // the glob names files that do not exist here: the CLI must fail on reading them, not on the syntax
    const { code, stderr } = await poolbench(args, { cwd: work });
    assert.equal(code, 2);
    assert.match(stderr, /cannot read result file/);
  });
});
