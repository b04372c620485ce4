// Where a scenario's module is, so that a worker thread (or another process) can import the same scenario
// by itself: a module's file URL, the export that holds it, and its id. The registry locates the built-ins;
// a scenario file is located by its path.

import type { Scenario, ScenarioSource } from './define.js';
import { importModule } from './import-module.js';

/** The scenario, marked with where it can be imported from. */
export function locateScenario<T extends Scenario>(scenario: T, source: Omit<ScenarioSource, 'id'>): T {
  return Object.freeze({ ...scenario, source: Object.freeze({ ...source, id: scenario.id }) });
}

/** Imports the scenario a source names; throws an Error saying what the module lacks. */
export async function importScenario(source: ScenarioSource): Promise<Scenario> {
  const name = source.export ?? 'default';
  const exported = (await importModule(source.url))[name];
  const candidates: unknown[] = Array.isArray(exported) ? exported : [exported];
  const found = candidates.find((c): c is Scenario => isScenario(c) && c.id === source.id);
  if (!found) {
    throw new Error(`${source.url} has no scenario '${source.id}' in its export '${name}'`);
  }
  return found.source ? found : locateScenario(found, source);
}

/** Made by defineScenario (in this module graph or another one: a thread imports its own copy). */
export function isScenario(value: unknown): value is Scenario {
  const v = value as Partial<Scenario> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    Array.isArray(v.variantNames) &&
    typeof v.variants === 'object' &&
    typeof v.open === 'function'
  );
}
