// The scenario contract, the public face: what a scenario is written against.
//
//   export default defineScenario({
//     id: 'orders',
//     description: 'Orders by id: a pg.Client per query vs pg.Pool',
//     options: {
//       poolSize: option.int({ flag: '--pool-size <n>', default: 10, usedBy: ['pooled'], description: '...' }),
//     },
//     open: async (options, { signal }) => ({ target: { description: '...', embedded: false } }),
//     variants: {
//       unpooled: ({ options, session }) => ({ op: async () => { ... } }),
//       pooled: ({ options, session, concurrency }) => ({ op, teardown }),
//     },
//   });

export { ScenarioDefinitionError } from './check-definition.js';
export type {
  Scenario,
  ScenarioDefinition,
  ScenarioSource,
  VariantContext,
  VariantFactory,
} from './define.js';
export { defineScenario } from './define.js';
export { option } from './option.js';
export type {
  OptionBag,
  OptionKind,
  OptionSpec,
  OptionSpecs,
  OptionValue,
  OptionValues,
  ValueOf,
} from './option-spec.js';
export type { GivenFlags, ResolvedOptions } from './resolve-options.js';
export { longFlag, optionValues, resolveOptions } from './resolve-options.js';
export type { Experiment, MicroTask, OpenContext, Phase, Session, TargetInfo } from './session.js';
export { importScenario, isScenario, locateScenario } from './source.js';
export type { Facts, OpInfo, PoolGauges, VariantRun } from './variant-run.js';
