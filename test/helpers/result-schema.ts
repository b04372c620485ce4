// The JSON Schema of result.json (schema/result.schema.json, shipped in the package) compiled with ajv, a
// real validator: the tests hold every saved and freshly written result to it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { projectRoot } from './cli.js';

const schema = JSON.parse(readFileSync(join(projectRoot, 'schema/result.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

/** Every way `data` breaks the schema, one line each ('/scenarios/0/runs/1/ops: must be integer'); [] = valid. */
export function schemaProblems(data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${e.instancePath || '/'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}
