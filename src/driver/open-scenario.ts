// The driver's handle on an opened scenario: the options completed and checked, the session opened (or the
// default one), and the variants dispatched by name, an unknown name reported here for every scenario.

import { ConfigError } from '../errors.js';
import type {
  Experiment,
  Facts,
  MicroTask,
  OptionBag,
  Phase,
  Scenario,
  TargetInfo,
  VariantRun,
} from '../scenario/index.js';
import { optionValues } from '../scenario/index.js';

export interface SetupContext {
  concurrency: number;
  /** Stops long set-ups when the user presses Ctrl-C. */
  signal: AbortSignal;
}

export interface OpenedScenario {
  readonly target: TargetInfo;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  /** Phases run in order, each measured on its own. Absent = one measured window. */
  readonly phases?: readonly Phase[];
  /** Variants the session cannot run, with why (see Session.skipped). */
  readonly skipped: Readonly<Record<string, string>>;
  setup(variant: string, ctx: SetupContext): Promise<VariantRun>;
  microbenchmarks(): MicroTask[];
  experiments(): Experiment[];
  details?(): Promise<Facts>;
  /** Options under which another thread reaches the same target; undefined = it cannot. */
  remoteOptions?(): OptionBag;
  close(): Promise<void>;
}

/** The target of a session that names none. */
const IN_PROCESS: TargetInfo = { description: 'in-process (no external target)', embedded: true };

/** The one message for a variant a scenario does not have. */
export function unknownVariant(scenario: Scenario, variant: string): string {
  return `${scenario.id}: unknown variant '${variant}'; it has ${scenario.variantNames.join(', ')}`;
}

export function hasVariant(scenario: Scenario, variant: string): boolean {
  return Object.hasOwn(scenario.variants, variant);
}

export async function openScenario(
  scenario: Scenario,
  given: OptionBag,
  signal: AbortSignal,
  variants?: readonly string[],
): Promise<OpenedScenario> {
  const undeclared = Object.keys(given).filter((key) => !Object.hasOwn(scenario.options, key));
  if (undeclared.length > 0) {
    throw new ConfigError(undeclared.map((key) => `${scenario.id}: it has no option '${key}'`));
  }
  const options = optionValues(scenario, given);
  const problems = scenario.validate(options);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${scenario.id}: ${p}`));
  const session = await scenario.open(options, { signal, ...(variants ? { variants } : {}) });
  const details = session.details;
  const remote = session.remoteOptions;
  return {
    target: session.target ?? IN_PROCESS,
    warnings: session.warnings ?? [],
    notes: session.notes ?? [],
    ...(session.phases ? { phases: session.phases } : {}),
    skipped: session.skipped ?? {},
    async setup(variant, ctx) {
      // hasOwn: a name such as 'constructor' must not find Object.prototype's.
      const factory = hasVariant(scenario, variant) ? scenario.variants[variant] : undefined;
      if (!factory) throw new Error(unknownVariant(scenario, variant));
      return factory({ options, session, variant, ...ctx });
    },
    microbenchmarks: () => session.microbenchmarks?.() ?? [],
    experiments: () => session.experiments?.() ?? [],
    ...(details ? { details: async () => details.call(session) } : {}),
    ...(remote ? { remoteOptions: () => remote.call(session) as OptionBag } : {}),
    close: async () => {
      await session.close?.();
    },
  };
}
