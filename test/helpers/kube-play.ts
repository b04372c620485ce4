// Plays the README's kubectl commands without a cluster. `kubectl apply -f` reads the manifests kubectl would
// read (a file, a folder's files not recursively, or a pipe's output), checks each against the Kubernetes API
// schemas and stores it; a new Job's pods run at once, as the Job controller and the kubelet would run them:
// the container's command and args, the environment from envFrom (ConfigMap, optional Secret), env (values
// and the downward API) and JOB_COMPLETION_INDEX, `poolbench` on PATH as in the image. One thing is
// rewritten: a volume's mountPath in the command becomes the temp folder that plays its claim. Only what
// poolbench's manifests use is played; any other command or field fails the test instead of being skipped.

import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cliEntry, outcome, projectRoot } from './cli.js';
import { validateManifest } from './kube-schemas.js';
import { shellWords } from './shell.js';

// biome-ignore lint/suspicious/noExplicitAny: manifests are checked against the API schemas on apply
type Manifest = any;

export interface PodRun {
  index?: number;
  code: number | null;
  /** stdout then stderr, as `kubectl logs` shows them. */
  log: string;
  /** The argv `poolbench` was started with inside the pod. */
  argv: string[];
}

interface JobRun {
  uid: string;
  spec: string;
  done: Promise<PodRun[]>;
}

export interface PlayOptions {
  /** Values changed in a ConfigMap on apply, as `kubectl edit` would (only keys the file has). */
  edits?: Record<string, Record<string, string>>;
}

/** A pod still running after this is killed: a hung shard fails the test instead of hanging it. */
const POD_TIMEOUT_MS = 90_000;
const IMAGE_STEPS = [/^docker build /, /^kind load /];

export class PlayedCluster {
  readonly objects = new Map<string, Manifest>();
  readonly jobs = new Map<string, JobRun>();
  private readonly claims = new Map<string, string>();
  private pods = 0;

  constructor(
    private readonly work: string,
    private readonly options: PlayOptions = {},
  ) {}

  /** The folder that plays a PersistentVolumeClaim's volume. */
  claimDir(name: string): string {
    const dir = this.claims.get(name);
    if (!dir) throw new Error(`persistentvolumeclaim "${name}" not found`);
    return dir;
  }

  /** Plays one shell line of the README; returns what it prints. */
  async run(line: string): Promise<string> {
    const command = line.replace(/\s+#[^'"]*$/, '').trim();
    if (IMAGE_STEPS.some((re) => re.test(command))) return ''; // the image: see test/dockerfile.test.ts
    const pipe = /^(.*)\|\s*(kubectl apply -f -)$/.exec(command);
    if (pipe) {
      const rendered = spawnSync('sh', ['-c', pipe[1]!], { cwd: projectRoot, encoding: 'utf8' });
      if (rendered.status !== 0) throw new Error(`${pipe[1]} failed: ${rendered.stderr}`);
      return this.apply([{ name: '<stdin>', text: rendered.stdout }]);
    }
    const words = shellWords(command);
    if (words[0] !== 'kubectl') throw new Error(`the README runs a command this test does not play: ${line}`);
    const [verb, ...rest] = words.slice(1);
    switch (verb) {
      case 'apply':
        return this.apply(this.files(rest));
      case 'delete':
        return this.delete(rest);
      case 'wait':
        return this.wait(rest);
      case 'logs':
        return (await this.job(rest[0]!).done)[0]?.log ?? '';
      case 'create':
        return this.createSecret(rest);
      default:
        throw new Error(`kubectl ${verb} is not played: ${line}`);
    }
  }

  private files(args: string[]): { name: string; text: string }[] {
    const paths = args.flatMap((a, i) => (args[i - 1] === '-f' ? [a] : []));
    if (paths.length === 0 || paths.length * 2 !== args.length) throw new Error(`apply: ${args.join(' ')}`);
    return paths.flatMap((p) => {
      const full = resolve(projectRoot, p);
      const names = statSync(full).isDirectory()
        ? readdirSync(full)
            .filter((f) => /\.(ya?ml|json)$/.test(f))
            .sort()
            .map((f) => join(full, f))
        : [full];
      return names.map((name) => ({ name, text: readFileSync(name, 'utf8') }));
    });
  }

  private apply(files: { name: string; text: string }[]): string {
    const out: string[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(file.text)) {
        if (doc.errors.length > 0) throw new Error(`${file.name}: ${doc.errors[0]!.message}`);
        const obj = doc.toJS() as Manifest;
        if (!obj) continue;
        validateManifest(obj, file.name);
        out.push(this.store(obj));
      }
    }
    return out.join('\n');
  }

  private store(obj: Manifest): string {
    const key = `${obj.kind}/${obj.metadata.name}`;
    const edits = this.options.edits?.[obj.metadata.name];
    if (obj.kind === 'ConfigMap' && edits) {
      for (const [k, v] of Object.entries(edits)) {
        if (!(k in obj.data)) throw new Error(`ConfigMap ${obj.metadata.name} has no key ${k} to edit`);
        obj.data[k] = v;
      }
    }
    if (obj.kind === 'PersistentVolumeClaim' && !this.claims.has(obj.metadata.name)) {
      const dir = join(this.work, `pvc-${obj.metadata.name}`);
      mkdirSync(dir, { recursive: true });
      this.claims.set(obj.metadata.name, dir);
    }
    if (obj.kind !== 'Job') {
      this.objects.set(key, obj);
      return `${key} configured`;
    }
    const spec = JSON.stringify(obj.spec);
    const existing = this.jobs.get(obj.metadata.name);
    if (existing) {
      if (existing.spec === spec) return `${key} unchanged`;
      throw new Error(`The Job "${obj.metadata.name}" is invalid: spec.template: field is immutable`);
    }
    this.objects.set(key, obj);
    const uid = randomUUID();
    const done = this.startJob(obj, uid);
    done.catch(() => {}); // reported by `kubectl wait`
    this.jobs.set(obj.metadata.name, { uid, spec, done });
    return `${key} created`;
  }

  private delete(args: string[]): string {
    const [kind, ...rest] = args;
    const names = rest.filter((a) => !a.startsWith('--'));
    const ignore = rest.includes('--ignore-not-found');
    if (kind !== 'job' || rest.some((a) => a.startsWith('--') && a !== '--ignore-not-found'))
      throw new Error(`kubectl delete ${args.join(' ')} is not played`);
    for (const name of names) {
      if (!this.jobs.has(name) && !ignore) throw new Error(`jobs.batch "${name}" not found`);
      this.jobs.delete(name);
      this.objects.delete(`Job/${name}`);
    }
    return '';
  }

  private async wait(args: string[]): Promise<string> {
    if (!args.includes('--for=condition=complete')) throw new Error(`kubectl wait ${args.join(' ')}`);
    const name = args.find((a) => a.startsWith('job/'))!;
    const pods = await this.job(name).done;
    const failed = pods.filter((p) => p.code !== 0);
    if (failed.length > 0) {
      const why = failed.map(
        (p) => `pod ${p.index ?? 0} exited ${p.code}: ${p.log.trim().split('\n').slice(-5).join(' | ')}`,
      );
      throw new Error(`${name} failed (the wait times out):\n${why.join('\n')}`);
    }
    return `${name} condition met`;
  }

  private createSecret(args: string[]): string {
    const [what, type, name, ...literals] = args;
    if (what !== 'secret' || type !== 'generic' || !name) throw new Error(`kubectl create ${args.join(' ')}`);
    const stringData: Record<string, string> = {};
    for (const l of literals) {
      const m = /^--from-literal=([^=]+)=(.*)$/.exec(l);
      if (!m) throw new Error(`kubectl create secret: ${l} is not played`);
      stringData[m[1]!] = m[2]!;
    }
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData };
    validateManifest(secret, 'kubectl create secret');
    this.objects.set(`Secret/${name}`, secret);
    return `secret/${name} created`;
  }

  private job(ref: string): JobRun {
    const job = this.jobs.get(ref.replace(/^job\//, ''));
    if (!job) throw new Error(`jobs.batch "${ref}" not found`);
    return job;
  }

  /** The Job controller: `parallelism` pods at a time until `completions` succeeded or one failed. */
  private async startJob(job: Manifest, uid: string): Promise<PodRun[]> {
    const indexed = job.spec.completionMode === 'Indexed';
    const completions: number = job.spec.completions ?? 1;
    const parallelism: number = job.spec.parallelism ?? 1;
    const indices = [...Array(completions).keys()];
    const results: PodRun[] = [];
    while (indices.length > 0) {
      const wave = indices.splice(0, parallelism);
      results.push(...(await Promise.all(wave.map((i) => this.runPod(job, uid, indexed ? i : undefined)))));
      if (results.some((r) => r.code !== 0)) break; // backoffLimit 0: the Job fails
    }
    return results;
  }

  /** The kubelet: one container, its environment, its volumes, `poolbench` on PATH. */
  private async runPod(job: Manifest, uid: string, index: number | undefined): Promise<PodRun> {
    const pod = job.spec.template.spec;
    const [container, ...more] = pod.containers;
    if (more.length > 0 || pod.initContainers) throw new Error('only one container per pod is played');
    const name = `${job.metadata.name}-${index ?? 0}`;
    const labels: Record<string, string> = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': job.metadata.name,
      'controller-uid': uid,
      'job-name': job.metadata.name,
      ...(index !== undefined ? { 'batch.kubernetes.io/job-completion-index': String(index) } : {}),
    };
    const root = join(this.work, `pod-${++this.pods}-${name}`);
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    const argvFile = join(root, 'argv');
    // The image puts `poolbench` on PATH; here it runs the CLI from source and notes its argv.
    writeFileSync(
      join(bin, 'poolbench'),
      `#!/bin/sh\nprintf '%s\\0' "$@" > '${argvFile}'\nexec '${process.execPath}' '${cliEntry}' "$@"\n`,
    );
    chmodSync(join(bin, 'poolbench'), 0o755);
    const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, HOME: root };
    for (const source of container.envFrom ?? []) Object.assign(env, this.envSource(source));
    for (const e of container.env ?? []) env[e.name] = this.envValue(e, { labels, name });
    if (index !== undefined) env.JOB_COMPLETION_INDEX = String(index);
    const argv = [...(container.command ?? []), ...(container.args ?? [])].map((a: string) =>
      this.mountPaths(a, container, pod),
    );
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, env });
    const { code, stdout, stderr } = await outcome(child, POD_TIMEOUT_MS);
    let started: string[] = [];
    try {
      started = readFileSync(argvFile, 'utf8').split('\0').slice(0, -1);
    } catch {}
    return { ...(index !== undefined ? { index } : {}), code, log: stdout + stderr, argv: started };
  }

  private envSource(source: Manifest): Record<string, string> {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref || source.prefix) throw new Error(`envFrom ${JSON.stringify(source)} is not played`);
    const obj = this.objects.get(`${kind}/${ref.name}`);
    if (!obj) {
      if (ref.optional) return {};
      throw new Error(`CreateContainerConfigError: ${kind.toLowerCase()} "${ref.name}" not found`);
    }
    const decoded = Object.fromEntries(
      Object.entries((obj.data ?? {}) as Record<string, string>).map(([k, v]) => [
        k,
        kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v,
      ]),
    );
    return { ...decoded, ...(obj.stringData ?? {}) };
  }

  private envValue(e: Manifest, pod: { labels: Record<string, string>; name: string }): string {
    if (typeof e.value === 'string') return e.value;
    const path: string | undefined = e.valueFrom?.fieldRef?.fieldPath;
    const label = path && /^metadata\.labels\['(.+)'\]$/.exec(path);
    if (label) return pod.labels[label[1]!] ?? '';
    if (path === 'metadata.name') return pod.name;
    throw new Error(`env ${e.name}: ${JSON.stringify(e.valueFrom)} is not played`);
  }

  private mountPaths(arg: string, container: Manifest, pod: Manifest): string {
    let out = arg;
    for (const m of container.volumeMounts ?? []) {
      const volume = pod.volumes.find((v: Manifest) => v.name === m.name);
      const claim = volume?.persistentVolumeClaim?.claimName;
      if (!claim) throw new Error(`volume ${m.name}: only persistentVolumeClaim volumes are played`);
      const escaped = m.mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?<![\\w./-])${escaped}(?=/|[\\s"']|$)`, 'g'), this.claimDir(claim));
    }
    return out;
  }
}
