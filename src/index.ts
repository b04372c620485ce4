// The package's public face: `import { defineScenario, option, run, compare, ResourcePool } from 'poolbench'`.
// Everything a scenario file or a program driving poolbench needs, and nothing of the CLI's internals.

export type { CompareOptions } from './api/compare.js';
export { compare } from './api/compare.js';
export type { Duration, RunOptions, WithResult } from './api/run.js';
export { run } from './api/run.js';
export { ConfigError, InterruptedError, TargetError } from './errors.js';
export { EXIT_CODES } from './exit-codes.js';
export type * from './model/result.js';
export { SCHEMA_VERSION } from './model/result.js';
export type { GateOptions, GateRow, GateVerdict, MetricPoint } from './model/verdict.js';
export type { OverflowPolicy, ResourcePoolOptions } from './pool/resource-pool.js';
export { ResourcePool } from './pool/resource-pool.js';
export type { Format } from './report/exporters.js';
export type {
  Experiment,
  Facts,
  MicroTask,
  OpenContext,
  OpInfo,
  OptionKind,
  OptionSpec,
  OptionSpecs,
  OptionValue,
  OptionValues,
  Phase,
  PoolGauges,
  Scenario,
  ScenarioDefinition,
  ScenarioSource,
  Session,
  VariantContext,
  VariantFactory,
  VariantRun,
} from './scenario/index.js';
export { defineScenario, locateScenario, option, ScenarioDefinitionError } from './scenario/index.js';
