// What an option is, as data, and the type its value has in the scenario. Options are made with the
// builders in option.ts (`option.int({...})`); the CLI registers their flags, and resolve-options.ts
// turns what the user gave into typed values.

export type OptionKind =
  | 'int'
  | 'number'
  | 'duration'
  | 'string'
  | 'url'
  | 'flag'
  | 'intList'
  | 'choice'
  | 'list';

/** Every value an option can have; durations are milliseconds. */
export type OptionValue = string | number | boolean | readonly number[] | readonly string[] | undefined;

/**
 * One option. `V` is the value's type in the scenario: `number` for an int with a default,
 * `number | undefined` without one, `boolean` for a flag, the union of its choices for a choice.
 */
export interface OptionSpec<V extends OptionValue = OptionValue> {
  readonly kind: OptionKind;
  /** '--pool-size <n>', '--cold' for a flag, '-H, --header <line>' with a short one; undefined for a hidden option. */
  readonly flag: string | undefined;
  readonly description: string;
  /** Environment variable (also read from `.env`) used when the flag is absent. */
  readonly env: string | undefined;
  /** Used when neither flag nor variable is given, and recorded with the result; undefined = none. */
  readonly default: V | undefined;
  /** Redact in results and output: a URL's password, any other value whole (a token). */
  readonly secret: boolean;
  /** How one value (one item of a list) is shown in results and output, secrets hidden; default: as given. */
  readonly redact: ((value: string) => string) | undefined;
  /** Not a flag, not in --help: set only through a session's remoteOptions (worker threads). */
  readonly hidden: boolean;
  /** The variants that read this option; undefined = all of them. */
  readonly usedBy: readonly string[] | undefined;
  /** Smallest allowed value of an int, number or intList (ints and lists default to 1). */
  readonly min: number | undefined;
  /** The allowed values of a choice. */
  readonly choices: readonly string[] | undefined;
}

/** A scenario's options, by the key its code reads them under. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The type a spec's value has. */
export type ValueOf<S> = S extends OptionSpec<infer V> ? V : never;

/** The typed values of a scenario's options: `{ poolSize: number | undefined, cold: boolean, ... }`. */
export type OptionValues<O extends OptionSpecs> = { readonly [K in keyof O]: ValueOf<O[K]> };

/** Option values of any scenario, as the driver and worker threads carry them. */
export type OptionBag = Readonly<Record<string, OptionValue>>;
