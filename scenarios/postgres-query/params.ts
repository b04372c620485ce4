// The statement's parameters: `--param id=int:1..100000`, `--param name=choice:a,b,c`, bound to $1, $2 …
// in the order given. Each op draws its own from the seed and the op's number alone, so every variant (and
// every rerun with the same --seed) sends the same values in the same order, whatever the scheduling.

export type ParamSpec =
  | { name: string; kind: 'int'; min: number; max: number }
  | { name: string; kind: 'choice'; choices: readonly string[] };

const FORM = 'expected name=int:MIN..MAX or name=choice:a,b,c (e.g. id=int:1..100000)';

/** One `--param` from its text, or what is wrong with it. */
export function parseParam(text: string): ParamSpec | { problem: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(int|choice):(.*)$/.exec(text.trim());
  if (!m) return { problem: `--param: ${FORM}, got '${text}'` };
  const [, name, kind, rest] = m as unknown as [string, string, 'int' | 'choice', string];
  if (kind === 'choice') {
    const choices = rest.split(',').map((c) => c.trim());
    if (choices.some((c) => c === '')) {
      return { problem: `--param ${name}: choice needs values separated by commas (a,b,c), got '${rest}'` };
    }
    return { name, kind, choices };
  }
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(rest.trim());
  const min = Number(range?.[1]);
  const max = Number(range?.[2]);
  if (!range || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    return {
      problem: `--param ${name}: int needs a range MIN..MAX with MIN <= MAX (e.g. 1..100000), got '${rest}'`,
    };
  }
  return { name, kind, min, max };
}

/** Every `--param`, or every problem with them (a name given twice included). */
export function parseParams(texts: readonly string[]): { params: ParamSpec[]; problems: string[] } {
  const params: ParamSpec[] = [];
  const problems: string[] = [];
  for (const text of texts) {
    const parsed = parseParam(text);
    if ('problem' in parsed) problems.push(parsed.problem);
    else if (params.some((p) => p.name === parsed.name)) problems.push(`--param ${parsed.name}: given twice`);
    else params.push(parsed);
  }
  return { params, problems };
}

/** The values of op `iteration`: $1, $2 … in the order the params were given. */
export function drawParams(
  params: readonly ParamSpec[],
  seed: number,
  iteration: number,
): (number | string)[] {
  return params.map((param, index) => {
    const r = unitRandom(seed, iteration, index);
    if (param.kind === 'int') return param.min + Math.floor(r * (param.max - param.min + 1));
    return param.choices[Math.floor(r * param.choices.length)]!;
  });
}

/** A number in [0, 1) from (seed, op, parameter), hashed in turn: no state is shared between ops. */
function unitRandom(seed: number, iteration: number, index: number): number {
  return mix(mix(mix(seed) ^ iteration) ^ index) / 2 ** 32;
}

/** The murmur3 finaliser over a 32-bit value, after a golden-ratio step (splitmix32). */
function mix(value: number): number {
  let x = (value + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** How the params look in a result: `id=int:1..100000, name=choice:a,b,c`. */
export function describeParams(params: readonly ParamSpec[]): string {
  return params
    .map(
      (p, i) =>
        `$${i + 1} ${p.name}=${p.kind === 'int' ? `int:${p.min}..${p.max}` : `choice:${p.choices.join(',')}`}`,
    )
    .join(', ');
}
