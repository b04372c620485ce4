// The flags of `poolbench run postgres-query`: the user's statement (--sql or --sql-file), its parameters,
// and how it is sent. validate() checks what spans several flags, every problem at once.

import { type OptionValues, option } from '../../src/scenario/index.js';
import { pgUrlOption, pgUrlProblems, poolSizeOption } from '../shared/postgres/options.js';
import { readUserFile } from '../shared/user-file.js';
import { parseParams } from './params.js';

export const options = {
  pgUrl: pgUrlOption,
  sql: option.string({
    flag: '--sql <statement>',
    description: 'the statement every op runs; $1, $2 … are the --param values',
  }),
  sqlFile: option.string({
    flag: '--sql-file <path>',
    description: 'a file holding the statement (instead of --sql)',
  }),
  params: option.list({
    flag: '--param <name=spec>',
    description:
      'a parameter drawn per op, $1, $2 … in the order given: id=int:1..100000 or name=choice:a,b,c (repeatable)',
  }),
  seed: option.int({
    flag: '--seed <n>',
    description: 'seed of the parameter values: the same seed sends the same values in the same order',
    min: 0,
    default: 1,
  }),
  poolSize: poolSizeOption,
  prepared: option.flag({
    flag: '--prepared',
    description: 'send it as a named prepared statement, parsed once per connection (pgbench -M prepared)',
  }),
  allowWrites: option.flag({
    flag: '--allow-writes',
    description: 'measure a statement that writes (refused by default); its writes are kept',
  }),
};

export type QueryOptions = OptionValues<typeof options>;

export function validate(o: QueryOptions): string[] {
  const problems = [...pgUrlProblems(o.pgUrl), ...parseParams(o.params).problems];
  if (o.sql === undefined && o.sqlFile === undefined)
    problems.push('give the statement to measure: --sql "SELECT ..." or --sql-file <path>');
  if (o.sql !== undefined && o.sqlFile !== undefined)
    problems.push('--sql and --sql-file both give the statement: give one');
  if (o.sqlFile !== undefined && o.sql === undefined) {
    const read = readStatement(o.sqlFile);
    if ('problem' in read) problems.push(read.problem);
  }
  return problems;
}

/** The statement of --sql-file, or why it cannot be used. */
export function readStatement(path: string): { sql: string } | { problem: string } {
  const read = readUserFile('--sql-file', path);
  if ('problem' in read) return read;
  // One statement: a trailing semicolon (as psql files have) is not a second, empty one.
  const sql = read.data.toString('utf8').trim().replace(/;\s*$/, '').trim();
  return sql === '' ? { problem: `--sql-file: '${path}' holds no statement` } : { sql };
}

/** The statement to run, from --sql or --sql-file (already validated). */
export function statementOf(o: QueryOptions): string {
  if (o.sql !== undefined) return o.sql;
  const read = readStatement(o.sqlFile!);
  if ('problem' in read) throw new Error(read.problem);
  return read.sql;
}
