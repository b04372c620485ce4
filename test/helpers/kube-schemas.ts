// Checks a manifest against the Kubernetes API schemas (the OpenAPI definitions of Kubernetes 1.3x, compiled
// to JSON Schema validators by the kubernetes-models package): types, enums, required fields. Like the API
// server's schema, it does not reject unknown fields; the played run catches a misspelt field we rely on.

import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'batch/v1/Job': Job,
  'apps/v1/Deployment': Deployment,
};

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  [field: string]: unknown;
}

/** Throws naming the file, the object and every schema violation. */
export function validateManifest(obj: Manifest, file: string): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  const what = `${file}: ${obj.apiVersion}/${obj.kind} ${obj.metadata?.name ?? '(no name)'}`;
  if (!Model)
    throw new Error(`${what}: no schema for this kind here (add it to test/helpers/kube-schemas.ts)`);
  if (!obj.metadata?.name) throw new Error(`${what}: metadata.name is required`);
  try {
    new Model(obj as never).validate();
  } catch (err) {
    throw new Error(`${what} does not match the Kubernetes API schema: ${(err as Error).message}`);
  }
}
