// defineScenario: a scenario declared as data and functions, its option values typed from their specs and
// its variants a table of factories by name. The driver opens the scenario, dispatches the variants and
// measures them; the definition is checked here, once, when its module loads.

import { checkDefinition, ScenarioDefinitionError } from './check-definition.js';
import type { OptionSpec, OptionSpecs, OptionValues } from './option-spec.js';
import type { OpenContext, Session } from './session.js';
import type { VariantRun } from './variant-run.js';

/** Where a scenario's module is, so that a worker thread can import the same scenario by itself. */
export interface ScenarioSource {
  /** The module's file URL (the registry's `import.meta.url`, or a scenario file's). */
  readonly url: string;
  /** The export holding the scenario or a list of scenarios (default: `default`). */
  readonly export?: string;
  /** The scenario's id: picks it from a list, and checks it is the one meant. */
  readonly id: string;
}

/** What a variant factory receives, typed from the scenario's options and the session its `open` returns. */
export interface VariantContext<O extends OptionSpecs = OptionSpecs, S = unknown> {
  readonly options: OptionValues<O>;
  readonly session: S;
  /** The name this variant is set up under (to label its connections, say). */
  readonly variant: string;
  /** Concurrent workers of this run (of this thread, when split): size pools by it. */
  readonly concurrency: number;
  /** Aborted on Ctrl-C: stop long set-ups. */
  readonly signal: AbortSignal;
}

/**
 * Sets one variant up for a run. (Written as a method's type so that a scenario of any options still
 * fits the plain `Scenario` type the driver holds: method parameters are compared both ways.)
 */
export type VariantFactory<O extends OptionSpecs = OptionSpecs, S = unknown> = {
  setup(context: VariantContext<O, S>): VariantRun | Promise<VariantRun>;
}['setup'];

export type NoOptions = Readonly<Record<never, OptionSpec>>;

/** What a scenario author writes. */
export interface ScenarioDefinition<O extends OptionSpecs, V extends string, S> {
  /** What `poolbench run <id>` takes: lower-case letters, digits and dashes, e.g. 'orders'. */
  readonly id: string;
  readonly description: string;
  readonly options?: O;
  /** Problems across options, every one at once; [] when fine (each value was checked alone before). */
  validate?(options: OptionValues<O>): string[];
  /**
   * Reaches the target (starts a server, connects) and returns the session the variants receive.
   * Declare it before `variants`, so TypeScript types their `session` from what it returns.
   * (NoInfer: the session's type is inferred from what `open` returns, then checked against Session.)
   */
  open?(options: OptionValues<O>, context: OpenContext): Promise<S & NoInfer<Session<O>>>;
  /**
   * The variants by name, in the order they run; each returns a VariantRun.
   * (A plain Record: TypeScript infers the session's type through it, not through Readonly<Record>.)
   */
  readonly variants: Record<V, VariantFactory<O, S>>;
  /** The variant the others are compared against (default: the first). */
  readonly baseline?: NoInfer<V>;
  /** Concurrency levels when -c is not given (default [10]). */
  readonly defaultConcurrency?: readonly number[];
  /** Ops per measured run when neither -n nor -d is given (a seed's "1000 requests"). */
  readonly defaultOps?: number;
}

/** A checked scenario, as the driver and the CLI use it. `Scenario` alone is a scenario of any options. */
export interface Scenario<O extends OptionSpecs = OptionSpecs, V extends string = string, S = unknown> {
  readonly id: string;
  readonly description: string;
  readonly options: O;
  readonly variants: Readonly<Record<V, VariantFactory<O, S>>>;
  /** The variants' names in declaration order. */
  readonly variantNames: readonly V[];
  readonly baseline: V;
  readonly defaultConcurrency?: readonly number[];
  readonly defaultOps?: number;
  /** Where a worker thread imports this scenario from (see locateScenario); undefined = nowhere known. */
  readonly source?: ScenarioSource;
  /** The variants that read an option: its `usedBy`, else all of them. */
  variantsUsing(key: keyof O & string): readonly V[];
  validate(options: OptionValues<O>): string[];
  /** The definition's `open`, or a session with nothing to reach (which worker threads can share). */
  open(options: OptionValues<O>, context: OpenContext): Promise<S & Session<O>>;
}

export function defineScenario<O extends OptionSpecs = NoOptions, V extends string = string, S = Session<O>>(
  definition: ScenarioDefinition<O, V, S>,
): Scenario<O, V, S> {
  const problems = checkDefinition(definition);
  if (problems.length > 0) throw new ScenarioDefinitionError(definition?.id, problems);
  const options = (definition.options ?? {}) as O;
  const variantNames = Object.keys(definition.variants) as V[];
  const validate = definition.validate;
  const open = definition.open;
  return Object.freeze({
    id: definition.id,
    description: definition.description,
    options,
    variants: Object.freeze({ ...definition.variants }),
    variantNames: Object.freeze(variantNames),
    baseline: definition.baseline ?? (variantNames[0] as V),
    ...(definition.defaultConcurrency
      ? { defaultConcurrency: Object.freeze([...definition.defaultConcurrency]) }
      : {}),
    ...(definition.defaultOps !== undefined ? { defaultOps: definition.defaultOps } : {}),
    variantsUsing: (key: keyof O & string) => {
      const usedBy = (options[key] as OptionSpec | undefined)?.usedBy;
      return usedBy ? variantNames.filter((v) => usedBy.includes(v)) : variantNames;
    },
    validate: (values: OptionValues<O>) => (validate ? validate.call(definition, values) : []),
    open: (values: OptionValues<O>, context: OpenContext) =>
      open ? open.call(definition, values, context) : Promise.resolve(nothingToReach<O, S>()),
  });
}

/** The session of a scenario without `open`: no target, so every worker thread may run it as it is. */
function nothingToReach<O extends OptionSpecs, S>(): S & Session<O> {
  return { remoteOptions: () => ({}) } as S & Session<O>;
}
