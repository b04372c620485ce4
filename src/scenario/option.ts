// The option builders: `option.int({ flag: '--pool-size <n>', default: 10, description: '...' })`. The
// kind and the default decide the value's type in the scenario; the default is declared here, once.

import type { OptionKind, OptionSpec, OptionValue } from './option-spec.js';

/** What every option declares. */
interface Declared<D> {
  /** '--pool-size <n>' for a value, '--cold' for a flag. Required unless `hidden`. */
  flag?: string;
  description: string;
  /** Environment variable used when the flag is absent (also from `.env`). */
  env?: string;
  /** Used when neither flag nor variable is given, and recorded with the result. */
  default?: D;
  /** Redact in results and output (a URL's password). */
  secret?: boolean;
  /** How one value (one item of a list) is shown in results and output: hide what is secret in it. */
  redact?: (value: string) => string;
  /** The variants that read this option (default: all). `--sweep` applies to these only. */
  usedBy?: readonly string[];
  /** Not a flag, not in --help: set only through a session's remoteOptions (worker threads). */
  hidden?: boolean;
}

interface Bounded {
  /** Smallest allowed value (default 1 for int and intList, none for number). */
  min?: number;
}

/** With a default, the value is always there; without one it may be undefined. */
type Defaulted<D, T> = undefined extends D ? T | undefined : T;

function spec<V extends OptionValue>(
  kind: OptionKind,
  init: Declared<unknown> & Bounded & { choices?: readonly string[] },
): OptionSpec<V> {
  return Object.freeze({
    kind,
    flag: init.flag,
    description: init.description,
    env: init.env,
    default: init.default as V | undefined,
    secret: init.secret === true,
    redact: init.redact,
    hidden: init.hidden === true,
    usedBy: init.usedBy ? Object.freeze([...init.usedBy]) : undefined,
    min: init.min ?? (kind === 'int' || kind === 'intList' ? 1 : undefined),
    choices: init.choices ? Object.freeze([...init.choices]) : undefined,
  });
}

export const option = {
  /** A whole number: `--pool-size 10`. */
  int: <D extends number | undefined = undefined>(init: Declared<D> & Bounded) =>
    spec<Defaulted<D, number>>('int', init),
  /** Any finite number: `--fault-rate 0.05`. */
  number: <D extends number | undefined = undefined>(init: Declared<D> & Bounded) =>
    spec<Defaulted<D, number>>('number', init),
  /** A duration given as '500ms', '2s', '1m' (a bare number is seconds); the value is milliseconds. */
  duration: <D extends number | undefined = undefined>(init: Declared<D>) =>
    spec<Defaulted<D, number>>('duration', init),
  /** Non-empty text. */
  string: <D extends string | undefined = undefined>(init: Declared<D>) =>
    spec<Defaulted<D, string>>('string', init),
  /** A URL (checked to parse); usually `secret: true`, so its password never reaches output. */
  url: <D extends string | undefined = undefined>(init: Declared<D>) =>
    spec<Defaulted<D, string>>('url', init),
  /** On when given (`--cold`), else false. Declare `default: false` to record it when off. */
  flag: (init: Declared<false>) => spec<boolean>('flag', init),
  /** Comma-separated whole numbers: `--startup-workers 1,2,4`. */
  intList: <D extends readonly number[] | undefined = undefined>(init: Declared<D> & Bounded) =>
    spec<Defaulted<D, readonly number[]>>('intList', init),
  /**
   * Repeatable text: `-H 'Accept: text/html' -H 'X-Trace: 1'` gives both, in the order given; [] when
   * absent. From the environment, one item per line.
   */
  list: (init: Omit<Declared<never>, 'default'>) => spec<readonly string[]>('list', { ...init, default: [] }),
  /** One of a fixed list; the value's type is the union of the choices. */
  choice: <const C extends readonly [string, ...string[]], D extends C[number] | undefined = undefined>(
    init: Declared<D> & { choices: C },
  ) => spec<Defaulted<D, C[number]>>('choice', init),
};
