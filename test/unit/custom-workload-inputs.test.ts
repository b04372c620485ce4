// The inputs of the custom workloads, without servers: postgres-query's --param specs and the values drawn
// from them (seeded, in range, the same for every variant), and an HTTP request shaped from -H, --method,
// --body and --expect-status.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestProblems, requestShape } from '../../scenarios/http/request.js';
import { drawParams, parseParams } from '../../scenarios/postgres-query/params.js';

describe('postgres-query parameters', () => {
  it('parses int ranges and choices, $1, $2 in the order given', () => {
    const { params, problems } = parseParams(['id=int:1..100000', 'name=choice:a, b,c']);
    assert.deepEqual(problems, []);
    assert.deepEqual(params, [
      { name: 'id', kind: 'int', min: 1, max: 100000 },
      { name: 'name', kind: 'choice', choices: ['a', 'b', 'c'] },
    ]);
  });

  it('names every bad --param at once', () => {
    const { problems } = parseParams(['id=int:9..1', 'x', 'c=choice:a,,b', 'id=int:1..2', 'id=int:1..3']);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!, /^--param id: int needs a range MIN\.\.MAX with MIN <= MAX/);
    assert.match(problems[1]!, /^--param: expected name=int:MIN\.\.MAX or name=choice:a,b,c.*got 'x'/);
    assert.match(problems[2]!, /^--param c: choice needs values/);
    assert.equal(problems[3], '--param id: given twice');
  });

  it('draws the same values for the same seed and op, within range, every value reachable', () => {
    const { params } = parseParams(['id=int:5..9', 'name=choice:red,green']);
    const ops = Array.from({ length: 2000 }, (_, i) => drawParams(params, 7, i));
    assert.deepEqual(
      ops,
      Array.from({ length: 2000 }, (_, i) => drawParams(params, 7, i)),
      'deterministic',
    );
    const ids = new Set(ops.map((v) => v[0]));
    assert.deepEqual([...ids].sort(), [5, 6, 7, 8, 9]);
    assert.deepEqual(new Set(ops.map((v) => v[1])), new Set(['red', 'green']));
    const other = Array.from({ length: 2000 }, (_, i) => drawParams(params, 8, i));
    assert.notDeepEqual(other, ops, 'another seed, other values');
  });
});

describe('a shaped HTTP request', () => {
  const none = {
    method: undefined,
    headers: [],
    body: undefined,
    bodyFile: undefined,
    expectStatus: undefined,
  };

  it('is a GET with the target headers by default', () => {
    assert.deepEqual(requestShape(none, { authorization: 'Basic x' }), {
      method: 'GET',
      headers: { authorization: 'Basic x' },
    });
  });

  it('sends the given method, headers (a repeat twice, the user over the URL), body and statuses', () => {
    const shape = requestShape(
      {
        ...none,
        method: 'post',
        headers: ['Authorization: Bearer t', 'X-Trace: a', 'x-trace: b'],
        body: '{"a":1}',
        expectStatus: [201, 202],
      },
      { authorization: 'Basic from-url' },
    );
    assert.equal(shape.method, 'POST');
    assert.deepEqual(shape.headers, { authorization: 'Bearer t', 'x-trace': ['a', 'b'] });
    assert.equal(shape.body?.toString(), '{"a":1}');
    assert.deepEqual(shape.expect, [201, 202]);
  });

  it('names every bad value, hiding a secret one', () => {
    const problems = requestProblems({
      method: 'GE T',
      headers: ['NoColon', 'Transfer-Encoding: chunked', 'Authorization Bearer s3cret'],
      body: 'x',
      bodyFile: '/nonexistent/body.json',
      expectStatus: [99, 200, 600],
    });
    assert.match(problems.join('\n'), /--method: expected an HTTP method/);
    assert.match(problems.join('\n'), /-H, --header: expected 'Name: value'.*got 'NoColon'/);
    assert.match(problems.join('\n'), /'Transfer-Encoding' is poolbench's to set/);
    assert.match(problems.join('\n'), /got 'Authorization \*\*\*'/);
    assert.match(problems.join('\n'), /--body and --body-file both give the request body/);
    assert.match(
      problems.join('\n'),
      /--body-file: cannot read '\/nonexistent\/body\.json' \(no such file\)/,
    );
    assert.match(problems.join('\n'), /--expect-status: 99 is not an HTTP status/);
    assert.match(problems.join('\n'), /--expect-status: 600 is not an HTTP status/);
    assert.doesNotMatch(problems.join('\n'), /s3cret/);
  });
});
